// @ts-check
import { defineConfig } from 'astro/config';
import publisherAdapter from './site/adapter/integration.ts';

// Pages are rendered by Shirase's publisher, not per request: the built server entry (our own
// adapter's, site/adapter/) is loaded in-process and each affected route is rendered into the
// published file store after every write. See README "Architecture".
export default defineConfig({
  srcDir: './site',
  output: 'server',
  adapter: publisherAdapter(),
  trailingSlash: 'ignore',
  build: { inlineStylesheets: 'always' },
  security: { checkOrigin: false },
  devToolbar: { enabled: false },
});
