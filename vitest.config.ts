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
    // Two test files at a time on this 2-core machine (vitest's default is cores − 1 = 1): a clean-clone
    // `npm test` took 823 s with one, 650 s with two, green, Lighthouse's scores unchanged; CI's limit is 15 min.
    maxWorkers: 2,
  },
});
