// @ts-check
import { defineConfig } from 'astro/config';
import node from '@astrojs/node';

// Pages are rendered by Shirase's publisher, not per request: the built server entry is loaded
// in-process (middleware mode) and each affected route is rendered into the published file store
// after every write. See README "Architecture".
export default defineConfig({
  srcDir: './site',
  output: 'server',
  adapter: node({ mode: 'middleware' }),
  trailingSlash: 'ignore',
  build: { inlineStylesheets: 'always' },
  security: { checkOrigin: false },
  devToolbar: { enabled: false },
});
