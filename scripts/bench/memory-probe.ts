/**
 * Preloaded into the server (`node --import ./scripts/bench/memory-probe.ts scripts/serve.ts`) by
 * scripts/bench/memory.ts: at every line the server logs, and at the highest RSS seen between
 * lines, one `[mem]` line on stderr with process.memoryUsage(), so that a stage of start-up
 * (database open, seed, publish, listening) can be read against what it cost. SIGUSR2 makes every
 * thread print one `[mem] thread` line with its own V8 heap (a worker's heap is not in the main
 * thread's figures), and write its heap snapshot into MEMORY_PROBE_DIR when set.
 */
import path from 'node:path';
import { getHeapSpaceStatistics, getHeapStatistics, writeHeapSnapshot } from 'node:v8';
import { BroadcastChannel, isMainThread, threadId } from 'node:worker_threads';

const started = performance.now();
const MiB = 2 ** 20;
let peak = { rss: 0, during: 'start' };
let lastLine = 'start';

function sample(label: string): void {
  const m = process.memoryUsage();
  const f = (n: number) => Math.round(n / MiB);
  process.stderr.write(
    `[mem] ${Math.round(performance.now() - started)} ms rss=${f(m.rss)} heapTotal=${f(m.heapTotal)} heapUsed=${f(m.heapUsed)} external=${f(m.external)} arrayBuffers=${f(m.arrayBuffers)} peakRss=${f(peak.rss)}(${peak.during}) :: ${label.slice(0, 100)}\n`,
  );
}

for (const method of ['log', 'error'] as const) {
  const original = console[method].bind(console);
  console[method] = (...args: unknown[]) => {
    original(...args);
    lastLine = String(args[0]);
    sample(lastLine);
    // With --expose-gc and MEMORY_PROBE_GC=1: what a publish leaves that is only garbage not yet collected.
    if (process.env.MEMORY_PROBE_GC === '1' && globalThis.gc && /^published /.test(lastLine)) {
      globalThis.gc();
      sample('after a full GC of this thread');
    }
  };
}

// A worker thread has its own heap, which the main thread's heapTotal/heapUsed do not include: report
// it when it has grown by 16 MiB since the last report, and its highest.
if (!isMainThread) {
  let reported = 0;
  let highest = 0;
  const watch = setInterval(() => {
    const { used_heap_size: used, total_heap_size: total } = getHeapStatistics();
    highest = Math.max(highest, total);
    if (Math.abs(total - reported) < 16 * MiB) return;
    reported = total;
    sample(
      `worker ${threadId} heap: total ${Math.round(total / MiB)} MiB, used ${Math.round(used / MiB)} MiB, highest total ${Math.round(highest / MiB)} MiB`,
    );
  }, 200);
  watch.unref();
}

const timer = setInterval(() => {
  const rss = process.memoryUsage.rss();
  if (rss > peak.rss) peak = { rss, during: `after "${lastLine.slice(0, 40)}"` };
}, 20);
timer.unref();

/** This thread's V8 heap: committed and used, the young generation, and what V8 holds outside its pages. */
function reportThread(): void {
  const h = getHeapStatistics();
  const f = (n: number) => (n / MiB).toFixed(1);
  const spaces = Object.fromEntries(getHeapSpaceStatistics().map((s) => [s.space_name, s]));
  const young = (spaces.new_space?.space_size ?? 0) + (spaces.new_large_object_space?.space_size ?? 0);
  const old = h.total_heap_size - young;
  process.stderr.write(
    `[mem] thread ${threadId}${isMainThread ? ' (main)' : ''}: heap committed ${f(h.total_heap_size)} MiB (physical ${f(h.total_physical_size)}), used ${f(h.used_heap_size)}, young ${f(young)}, old+code+large ${f(old)}, malloced ${f(h.malloced_memory)} (peak ${f(h.peak_malloced_memory)}), external ${f(h.external_memory)} MiB, native contexts ${h.number_of_native_contexts}\n`,
  );
}

// Signals reach the main thread only; the others hear of it on this channel.
const channel = new BroadcastChannel('shirase-memory-probe');
channel.unref();
/** With MEMORY_PROBE_DIR: this thread's heap snapshot, named by the thread. */
function snapshotThread(): void {
  if (!process.env.MEMORY_PROBE_DIR) return;
  const file = writeHeapSnapshot(
    path.join(process.env.MEMORY_PROBE_DIR, `server-${Date.now()}-thread${threadId}.heapsnapshot`),
  );
  process.stderr.write(`[mem] snapshot ${file}\n`);
}
channel.onmessage = () => {
  reportThread();
  snapshotThread();
};

if (isMainThread)
  process.on('SIGUSR2', () => {
    sample('report');
    reportThread();
    channel.postMessage('report');
    snapshotThread();
  });
sample('probe loaded');
