/**
 * Room for V8's heaps to grow while a whole publish runs. Rendering every page, the render thread
 * promotes a few megabytes of short-lived objects per hundred pages while it holds ~40 MiB of live
 * ones (the model, Astro's and the pages' code). Bounded at RENDER_HEAP_MB, its heap gets a next
 * limit only ~14 MiB above what survived, less than its young generation, so V8 starts marking
 * again as soon as a full collection ends: on the five-year history 88-92 full collections in one
 * publish, their marking on V8's helper threads, ~6 s of CPU of ~20. With the limit at twice what
 * survived: 26-27, and ~2.5 s of CPU less (docs/benchmarks.md). V8 has no such setting per heap,
 * only the process's flag, read whenever a full collection sets a heap's next limit: raised for the
 * publish and put back after it, so that the heaps a server keeps between publishes are sized as
 * before (the render thread's idle collection resets its own); each heap stays within its bound.
 */
import { setFlagsFromString } from 'node:v8';

/** Each heap's next limit at 2x what survived its last full collection (V8 picks 1.1-4x by itself). */
const WHOLE_PUBLISH_GROWING_PERCENT = 100;
let holders = 0;

/**
 * The growing percent the process was started with (`node --heap-growing-percent=N`, on its
 * command line or in NODE_OPTIONS; the last one wins, as in V8), put back after a publish: 0, V8's
 * default, picks each heap's factor from its own collection and allocation speeds.
 */
export function startupGrowingPercent(execArgv: readonly string[], nodeOptions = ''): number {
  let percent = 0;
  for (const arg of [...nodeOptions.split(/\s+/), ...execArgv]) {
    const set = /^--heap[-_]growing[-_]percent=(\d+)$/.exec(arg);
    if (set) percent = Number(set[1]);
  }
  return percent;
}
const STARTUP_PERCENT = startupGrowingPercent(process.execArgv, process.env.NODE_OPTIONS);

/** Raises the heaps' growing factor until the returned function is called (again: no effect). */
export function roomToGrow(): () => void {
  if (holders++ === 0)
    setFlagsFromString(`--heap-growing-percent=${Math.max(WHOLE_PUBLISH_GROWING_PERCENT, STARTUP_PERCENT)}`);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    if (--holders === 0) setFlagsFromString(`--heap-growing-percent=${STARTUP_PERCENT}`);
  };
}

/** Whether some publish holds the room now (for operators' and tests' eyes; V8's flag cannot be read back). */
export const heapRoomHeld = (): boolean => holders > 0;
