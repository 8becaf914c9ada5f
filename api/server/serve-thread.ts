import { readdirSync, readFileSync } from 'node:fs';
import { getCompileCacheDir } from 'node:module';
import { setPriority } from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { basePriority } from '../core/thread-priority.ts';
import { waitAtMost } from '../core/time-limit.ts';
import { GenerationFeed } from '../publish/store-follower.ts';
import { HEARTBEAT_MS } from '../metrics/liveness.ts';
import type { ListenerConfig } from './listener-config.ts';
import { processLog } from './logger.ts';
import { SERVE_YOUNG_MB } from './memory-limits.ts';
import { HSTS } from '../http/security-headers.ts';
import type { FileStore } from '../publish/store.ts';
import type {
  BridgedPeer,
  BridgedRequest,
  FromServeThread,
  ServeThreadData,
  ToServeThread,
} from './serve-thread-protocol.ts';

export interface ServeThread {
  /** The port it listens on (the one asked for, or the one the system gave for 0). */
  port: number;
  /** Closes its listener (idle connections at once, the rest after `stepMs`), then ends the thread. */
  close(stepMs: number): Promise<void>;
  /** A copy of its request counts (api/metrics/request-counts.ts); empty once it has ended. */
  requestCounts(): Promise<Float64Array>;
}

/** Answers a bridged request; rejects when there is no backend to answer it (the process is ending). */
export type BridgeHandler = (door: BridgedRequest['door'], request: Request, peer: BridgedPeer) => Promise<Response>;

/**
 * How much nicer than the serving thread the main thread is (its model reads, commits, the cluster's
 * uploads, their garbage): on two busy cores the scheduler gives the reads the CPU first. The render
 * thread and libuv's threads go 10 below `basePriority` (render-worker.ts), whenever they start, so
 * the order stays reads, then the main thread, then rendering and compression. Lowering is from
 * `basePriority`, the same however many servers start.
 */
const MAIN_NICENESS = 5;

/**
 * V8's platform threads (Node names them "V8Worker"): they mark and sweep the heaps of every
 * thread at once, most of it the render thread's and the main thread's during a publish (about a
 * third of a whole publish's CPU), and start at the process's priority: left there, they take the
 * serving thread's core as much as it does.
 */
function v8PlatformThreadIds(): number[] {
  const ids: number[] = [];
  try {
    for (const t of readdirSync('/proc/self/task'))
      if (readFileSync(`/proc/self/task/${t}/comm`, 'utf8').trim() === 'V8Worker') ids.push(Number(t));
  } catch {
    // Not Linux: nothing to lower.
  }
  return ids;
}

/**
 * On Linux setpriority on pid 0 (or a thread id) applies to that thread only: the serving thread
 * keeps its priority; this one and V8's platform threads go MAIN_NICENESS below it.
 */
function lowerOwnPriority(): void {
  if (basePriority === null) return;
  const target = Math.min(19, basePriority + MAIN_NICENESS);
  for (const id of [0, ...v8PlatformThreadIds()])
    try {
      setPriority(id, target);
    } catch {
      // Refused: it keeps its priority.
    }
}

/**
 * Starts the thread that listens and serves the published files (serve-thread-worker.ts) from a
 * mirror of `store`, which it keeps current: each generation the store installs is sent as a delta,
 * and the store deletes what it stopped naming only once the thread has applied it. Requests for the
 * operator API and the test clock come back here to `handle`. Resolves once it listens; only then is
 * this thread's priority lowered (a thread inherits its creator's).
 */
export async function startServeThread(opts: {
  host: string;
  port: number;
  listener: ListenerConfig;
  siteDir: string;
  hotBytes: number;
  store: FileStore;
  testClockPath: string | null;
  handle: BridgeHandler;
}): Promise<ServeThread> {
  const { store } = opts;
  const feed = new GenerationFeed((hash) => store.objectLocation(hash));
  const opened = store.generation();
  const data: ServeThreadData = {
    host: opts.host,
    port: opts.port,
    listener: opts.listener,
    siteDir: opts.siteDir,
    hotBytes: opts.hotBytes,
    testClockPath: opts.testClockPath,
    initial: opened && feed.delta(null, opened),
  };
  // The compile cache scripts/serve.ts enabled, named to the thread: a thread that finds its modules
  // there never loads the TypeScript stripper, which cost it ~4 MiB of heap and ~9 MiB of
  // WebAssembly memory (measured with worker.getHeapStatistics; a thread does not inherit it otherwise).
  const cache = getCompileCacheDir();
  const worker = new Worker(new URL('./serve-thread-worker.ts', import.meta.url), {
    workerData: data,
    resourceLimits: { maxYoungGenerationSizeMb: SERVE_YOUNG_MB },
    ...(cache ? { env: { ...process.env, NODE_COMPILE_CACHE: path.dirname(cache) } } : {}),
  });
  const send = (message: ToServeThread, transfer: ArrayBuffer[] = []) => worker.postMessage(message, transfer);
  let exited = false;
  /** Scrapes waiting for the thread's request counts, by id. */
  const counting = new Map<number, (counts: Float64Array) => void>();
  let lastCount = 0;
  /** Generations sent and not yet applied, by sequence number. */
  const applying = new Map<number, () => void>();
  let seq = 0;
  const closed = Promise.withResolvers<void>();
  const listening = Promise.withResolvers<number>();

  // The serving thread answers /healthz 503 once these stop coming (api/metrics/liveness.ts).
  const heartbeat = setInterval(() => send({ kind: 'alive' }), HEARTBEAT_MS).unref();
  const ended = (err?: Error) => {
    exited = true;
    clearInterval(heartbeat);
    // No thread reads the store's objects any more: nothing to wait for before deleting them.
    for (const done of applying.values()) done();
    applying.clear();
    for (const answer of counting.values()) answer(new Float64Array(0));
    counting.clear();
    listening.reject(err ?? new Error('the serving thread ended before it listened'));
    closed.resolve();
  };
  worker.on('error', (err) => {
    processLog().error(`the serving thread failed: ${err.stack ?? err.message}`);
    ended(err);
  });
  let closing = false;
  worker.on('exit', (code) => {
    // Nothing answers the public pages any more: said, so that an operator's supervisor log shows why.
    if (!closing && !exited)
      processLog().error(`the serving thread ended (exit code ${code}): public pages are no longer answered`);
    ended();
  });
  worker.on('message', (message: FromServeThread) => {
    if (message.kind === 'listening') listening.resolve(message.port);
    else if (message.kind === 'applied') {
      applying.get(message.seq)?.();
      applying.delete(message.seq);
    } else if (message.kind === 'closed') closed.resolve();
    else if (message.kind === 'counts') {
      counting.get(message.id)?.(message.counts);
      counting.delete(message.id);
    } else void bridge(message);
  });

  async function bridge(message: BridgedRequest) {
    let request: Request;
    try {
      const headers = new Headers();
      for (let i = 0; i + 1 < message.headers.length; i += 2)
        headers.append(message.headers[i]!, message.headers[i + 1]!);
      request = new Request(new URL(message.url, 'http://localhost'), {
        method: message.method,
        headers,
        body: message.body as Uint8Array<ArrayBuffer> | null,
      });
    } catch {
      const body = new TextEncoder().encode('Bad Request\n').buffer as ArrayBuffer;
      // A request the backend never sees still leaves with the headers every answer carries (security-headers.ts).
      const headers = ['Content-Type', 'text/plain', 'X-Content-Type-Options', 'nosniff', 'X-Frame-Options', 'DENY'];
      if (message.peer.encrypted) headers.push('Strict-Transport-Security', HSTS);
      return send({ kind: 'response', id: message.id, status: 400, headers, body });
    }
    let response: Response;
    try {
      response = await opts.handle(message.door, request, message.peer);
    } catch {
      return send({ kind: 'unanswered', id: message.id });
    }
    const body = await response.arrayBuffer();
    const headers: string[] = [];
    for (const [name, value] of response.headers) headers.push(name, value);
    if (!exited) send({ kind: 'response', id: message.id, status: response.status, headers, body }, [body]);
  }

  store.onInstalled((previous, next) => {
    if (exited) return;
    const n = ++seq;
    const applied = new Promise<void>((resolve) => applying.set(n, resolve));
    send({ kind: 'generation', seq: n, delta: feed.delta(previous, next) });
    return applied;
  });

  const port = await listening.promise;
  lowerOwnPriority();
  return {
    port,
    requestCounts() {
      if (exited) return Promise.resolve(new Float64Array(0));
      const id = ++lastCount;
      const { promise, resolve } = Promise.withResolvers<Float64Array>();
      counting.set(id, resolve);
      send({ kind: 'counts', id });
      return promise;
    },
    async close(stepMs) {
      if (exited) return;
      closing = true;
      send({ kind: 'close', stepMs });
      // Its own step, and a little more for its last message.
      await waitAtMost(closed.promise, stepMs + 1000);
      await worker.terminate();
    },
  };
}
