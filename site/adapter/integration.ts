import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { clearStamp, sourcesHash, writeStamp } from './build-stamp.ts';

/**
 * Shirase's adapter: the built server entry exports a render function for the publisher and does
 * not listen anywhere (pages are rendered into the published file store after each write, never
 * per request). Astro's own App renders them; see ./entry.ts.
 */
export default function publisherAdapter(): AstroIntegration {
  let root = '';
  let outDir = '';
  let hash = '';
  return {
    name: 'shirase-publisher',
    hooks: {
      // Taken before the build reads the sources: an edit during the build makes the stamp stale, not wrong.
      'astro:build:start': () => {
        hash = sourcesHash(root);
        clearStamp(outDir);
      },
      'astro:build:done': () => writeStamp(outDir, hash),
      'astro:config:done': ({ config, setAdapter }) => {
        root = fileURLToPath(config.root);
        outDir = fileURLToPath(config.outDir);
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
        });
      },
    },
  };
}
