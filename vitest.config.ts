import { defineConfig } from 'vitest/config';

/**
 * Files whose figures follow how busy the machine is while they run: Lighthouse replays a trace taken
 * here with a 4x CPU slowdown, so a test file running beside it on the other core lends its work to the
 * page's Total Blocking Time (CI read 0.85/0.98/0.93 for /en/ that way, 1 on a quiet machine). They run
 * after every other file, one at a time, with nothing beside them.
 */
const ALONE = ['tests/e2e/lighthouse.test.ts'];

export default defineConfig({
  // site/ imports @core/… and @publish/… (tsconfig.json paths), as Astro resolves them in the build.
  resolve: { tsconfigPaths: true },
  test: {
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: 'forks',
    projects: [
      {
        extends: true,
        test: {
          name: 'suite',
          include: ['tests/**/*.test.ts'],
          exclude: ALONE,
          globalSetup: ['tests/support/global-setup.ts'],
          // Two test files at a time on this 2-core machine (vitest's default is cores − 1 = 1): a clean-clone
          // `npm test` took 823 s with one, 650 s with two, green; CI's limit is 15 min.
          maxWorkers: 2,
          // Each worker process keeps its modules from one file to the next: a clean `npm test` took 591-651 s
          // so, 838 s with a fresh process per file (CI's limit is 900 s).
          isolate: false,
          // WebAssembly on Liftoff only, as `npm run serve` runs it. A worker hosts ~100 files' PGlite instances,
          // and V8 optimising their WebAssembly in the background cost CPU the other worker needed: eight
          // instances, each loaded and queried 200 times, took 13.2-15.1 s of CPU so, 10.0-11.6 s on Liftoff.
          // Twice in clean runs here, a worker was lost to a V8 abort while freeing WebAssembly code (`Check
          // failed: jit_page_->allocations_.erase(addr) == 1`); on Liftoff only, no optimised code replaces
          // Liftoff's and frees it, which may avoid it.
          execArgv: ['--liftoff-only'],
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: {
          name: 'alone',
          include: ALONE,
          maxWorkers: 1,
          fileParallelism: false,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
