import type { AstroIntegration } from 'astro';

/**
 * Shirase's adapter: the built server entry exports a render function for the publisher and does
 * not listen anywhere (pages are rendered into the published file store after each write, never
 * per request). Astro's own App renders them; see ./entry.ts.
 */
export default function publisherAdapter(): AstroIntegration {
  return {
    name: 'shirase-publisher',
    hooks: {
      'astro:config:done': ({ setAdapter }) =>
        setAdapter({
          name: 'shirase-publisher',
          entrypointResolution: 'auto',
          serverEntrypoint: new URL('./entry.ts', import.meta.url),
          adapterFeatures: { buildOutput: 'server' },
          supportedAstroFeatures: {
            serverOutput: 'stable',
            staticOutput: 'unsupported',
            hybridOutput: 'unsupported',
            // Rendering happens in Node, where Astro's sharp image service works as under @astrojs/node.
            sharpImageService: 'stable',
          },
        }),
    },
  };
}
