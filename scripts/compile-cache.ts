/**
 * Node's compile cache (the modules it compiled, the TypeScript stripped of its types too) for this
 * process and every worker thread it starts. `enableCompileCache()` covers the calling thread only: a
 * worker thread uses a cache when NODE_COMPILE_CACHE is in its environment, which it copies from
 * process.env when it starts. A thread that finds its modules there never loads the TypeScript
 * stripper (amaro and its WebAssembly): measured on a thread that loads one .ts file, 5.1 MiB of heap
 * against 9.1 and 12 MiB less RSS for the process.
 */
import { enableCompileCache, getCompileCacheDir } from 'node:module';
import path from 'node:path';

export function enableCompileCacheForThreads(): void {
  enableCompileCache();
  const dir = getCompileCacheDir();
  // getCompileCacheDir() names this Node version's folder inside the one NODE_COMPILE_CACHE names.
  if (dir && !process.env.NODE_COMPILE_CACHE) process.env.NODE_COMPILE_CACHE = path.dirname(dir);
}
