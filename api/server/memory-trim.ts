/**
 * Gives the memory the threads freed during a publish back to the system. glibc keeps what a thread
 * frees in its arena for the next malloc; after a publish that is 54–68 MiB on the five-year history
 * (docs/benchmarks.md, "where the steady memory goes") that no thread asks for again until the next
 * publish. `malloc_trim(0)` returns the free pages of every arena, and nothing short of a native call
 * does it (`MALLOC_TRIM_THRESHOLD_` trims only the top of the main arena): it is called through koffi.
 */
import { releaseHeap } from '../publish/release-heap.ts';
import { atLevel } from './log-lazy.ts';

/** Trims and returns; a failure is the caller's to log. */
export type TrimFn = () => void | Promise<void>;

/** After the last commit of a burst, how long nothing more is committed before trimming. */
export const TRIM_SETTLE_MS = 1000;

export interface TrimScheduler {
  /** A publish committed: trim once nothing more comes within the settle time and all is settled. */
  committed(): void;
  /** No trim after this (the server is closing). */
  stop(): void;
}

/**
 * Trims once after a burst of commits: each commit restarts the wait, and when it ends the trim waits
 * for `settled` (the cluster's upload of what was committed, a publish under way) and is dropped if
 * another commit came meanwhile, since that commit's own wait trims after it.
 */
export function scheduleTrims(opts: {
  trim: TrimFn;
  settled: () => Promise<unknown>;
  log: (line: string) => void;
  settleMs?: number;
}): TrimScheduler {
  const settleMs = opts.settleMs ?? TRIM_SETTLE_MS;
  let commits = 0;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let failed = false;

  async function fire(at: number) {
    await opts.settled().catch(() => {});
    if (stopped || at !== commits) return;
    try {
      await opts.trim();
    } catch (err) {
      // Memory kept is no reason to stop publishing: said once, not after every publish.
      if (!failed)
        atLevel(opts.log, 'warn')(`memory: trimming the heap after a publish failed (${(err as Error).message})`);
      failed = true;
    }
  }

  return {
    committed() {
      if (stopped) return;
      const at = ++commits;
      clearTimeout(timer);
      timer = setTimeout(() => void fire(at), settleMs);
      // A pending trim never holds the process open.
      timer.unref();
    },
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}

/** What `loadMallocTrim` looks at; tests name a library that is not there. */
export interface MallocTrimHost {
  platform: NodeJS.Platform;
  /** glibc's version where the process runs on glibc, else undefined (musl, other systems). */
  glibc: string | undefined;
  library: string;
}

function thisHost(): MallocTrimHost {
  const header =
    process.platform === 'linux'
      ? (process.report.getReport() as { header?: { glibcVersionRuntime?: string } }).header
      : undefined;
  return { platform: process.platform, glibc: header?.glibcVersionRuntime, library: 'libc.so.6' };
}

/**
 * glibc's `malloc_trim(0)` as a function, loaded on first use (koffi and the library stay out of
 * start-up); null where there is no glibc or it cannot be loaded, said once in the log: the server
 * runs as before, keeping its freed memory.
 */
export async function loadMallocTrim(
  log: (line: string) => void,
  host: MallocTrimHost = thisHost(),
): Promise<(() => void) | null> {
  if (host.platform !== 'linux' || !host.glibc) {
    log('memory: not on glibc, so freed memory is left to the allocator (no malloc_trim after a publish)');
    return null;
  }
  try {
    const { default: koffi } = await import('koffi');
    const mallocTrim = koffi.load(host.library).func('int malloc_trim(size_t pad)') as (pad: number) => number;
    return () => void mallocTrim(0);
  } catch (err) {
    log(
      `memory: glibc's malloc_trim could not be loaded (${(err as Error).message}): freed memory stays with the allocator`,
    );
    return null;
  }
}

/** A trim that loads malloc_trim the first time it runs, and does nothing after a failed load. */
export function lazyMallocTrim(log: (line: string) => void, host?: MallocTrimHost): TrimFn {
  let loaded: Promise<(() => void) | null> | undefined;
  return async () => {
    loaded ??= loadMallocTrim(log, host);
    (await loaded)?.();
  };
}

/**
 * The main thread's heap first (release-heap.ts: its garbage collected and its emptied pages handed
 * back), then glibc's arenas, which that collection may have freed more into.
 */
export function heapAndMallocTrim(mallocTrim: TrimFn, release: () => void = releaseHeap): TrimFn {
  return async () => {
    release();
    await mallocTrim();
  };
}
