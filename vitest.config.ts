import { defineConfig } from 'vitest/config';

export default defineConfig({
  // site/ imports @core/… and @publish/… (tsconfig.json paths), as Astro resolves them in the build.
  resolve: { tsconfigPaths: true },
  test: {
    include: ['tests/**/*.test.ts'],
    globalSetup: ['tests/support/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
