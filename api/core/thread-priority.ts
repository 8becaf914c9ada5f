import { getPriority } from 'node:os';

/**
 * The CPU priority (nice value) of the thread that first loaded this module: in the server, the
 * process's priority before its main thread lowered its own (serve-thread.ts), which the serving
 * thread keeps. Threads that must stay below the serving thread (render-worker.ts) are set relative
 * to this, not to the main thread's priority of the moment. Null where it cannot be read.
 */
export const basePriority: number | null = (() => {
  try {
    return getPriority();
  } catch {
    return null;
  }
})();
