import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, expect, test } from 'vitest';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** In a fresh Node process: the cache the main thread ends up with, and the one a worker thread it starts then finds. */
function cachesSeen(tmp: string): { main: string | null; worker: string | null } {
  const script = `
    import { Worker } from 'node:worker_threads';
    import { getCompileCacheDir } from 'node:module';
    const { enableCompileCacheForThreads } = await import(${JSON.stringify(path.resolve('scripts/compile-cache.ts'))});
    enableCompileCacheForThreads();
    const worker = new Worker(
      "import { parentPort } from 'node:worker_threads'; import { getCompileCacheDir } from 'node:module'; parentPort.postMessage(getCompileCacheDir() ?? null);",
      { eval: true },
    );
    worker.once('message', (dir) => {
      console.log(JSON.stringify({ main: getCompileCacheDir() ?? null, worker: dir }));
      process.exit(0);
    });
  `;
  const { NODE_COMPILE_CACHE: _, ...env } = process.env;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
    env: { ...env, TMPDIR: tmp },
    encoding: 'utf8',
  });
  return JSON.parse(out.trim().split('\n').at(-1)!);
}

test("a worker thread started after the server's start-up uses the compile cache the main thread enabled", () => {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'shirase-compile-cache.'));
  dirs.push(tmp);
  const seen = cachesSeen(tmp);
  expect(seen.main, 'the main thread has a compile cache in the temporary folder').toMatch(new RegExp(`^${tmp}`));
  // Without it the thread strips every .ts file it loads again, with the stripper's memory.
  expect(seen.worker, 'the worker thread uses the same cache').toBe(seen.main);
});
