import pLimit from 'p-limit';
import pRetry from 'p-retry';
import { waitAtMost } from '../core/time-limit.ts';
import type { FileStore, Generation } from '../publish/store.ts';
import type { MirrorConfig } from '../server/mirror-config.ts';
import { atLevel } from '../server/log-lazy.ts';
import type { MirrorStatus } from '../server/ops-status.ts';
import { type Bucket, openBucket } from './bucket.ts';
import { headersOf, keyIn, planPass, STATE_NAME, signatureOf, type WantedObject, wantedObjects } from './keys.ts';
import { emptyState, type MirrorState, parseState, serializeState } from './state.ts';

/** Files read from the store and sent at once: enough to hide each request's round trip, few enough to bound memory. */
const CONCURRENCY = 8;
/** Between failed passes: from 2 s, doubling, to 5 minutes (a bucket down for hours is tried a dozen times an hour). */
const DEFAULT_RETRY = { minMs: 2_000, maxMs: 5 * 60_000 };

export interface Mirror {
  status(): MirrorStatus;
  /** Resolves once the newest generation handed to the mirror is in the bucket (tests; never while the bucket is down). */
  idle(): Promise<void>;
  /** Abandons the pass in flight (requests aborted) and waits for it at most `stepMs`. */
  close(stepMs: number): Promise<void>;
}

/** A pass that failed: how many requests failed, and the first error (the log's one line). */
class PassFailed extends Error {
  constructor(failed: number, first: unknown) {
    super(`${failed} request(s) failed, the first: ${(first as Error)?.message ?? String(first)}`);
  }
}

/**
 * Copies each generation this process publishes into the bucket, behind the publish: the store's
 * listener only hands the generation over, and one pass at a time uploads what changed (by the
 * signatures recorded in the bucket's STATE_NAME), then deletes what the site no longer publishes,
 * then records the new state. Generations that arrive during a pass coalesce: the next pass mirrors
 * only the newest. A failed pass is logged once and retried with backoff.
 */
export function startMirror({
  config,
  store,
  log,
  retry = DEFAULT_RETRY,
}: {
  config: MirrorConfig;
  store: FileStore;
  log: (line: string) => void;
  retry?: { minMs: number; maxMs: number };
}): Mirror {
  const warn = atLevel(log, 'warn');
  const controller = new AbortController();
  const { signal } = controller;
  const stateKey = keyIn(config.prefix, STATE_NAME);
  let bucket: Bucket | null = null;
  /** What the bucket holds as far as this process knows; null until read; `stateEtag` is its ETag there. */
  let state: MirrorState | null = null;
  let stateEtag: string | null = null;
  /** The record in memory is the one this process wrote last (not another instance's, read from the bucket). */
  let stateIsOurs = false;
  /** The newest generation handed over and not yet mirrored. */
  let pending: Generation | null = store.generation();
  let latest: Generation | null = pending;
  let mirroredAt: string | null = null;
  const counts = { failures: 0, uploads: 0, deletions: 0 };
  let running: Promise<void> | null = null;
  let closed = false;

  /** Re-read when another process (an instance that published before this one) wrote it since. */
  async function currentState(b: Bucket): Promise<MirrorState> {
    if (state && stateEtag !== null && (await b.etag(stateKey)) === stateEtag) return state;
    const found = await b.read(stateKey);
    const parsed = found && parseState(found.text);
    stateIsOurs = false;
    if (parsed) {
      stateEtag = found.etag;
      state = parsed;
    } else {
      if (found)
        warn(`mirror: ${stateKey} in ${config.describe} is unreadable: listing the bucket and uploading every file`);
      // Without a record, every key under the prefix is of unknown content: what the site still
      // publishes is uploaded again, the rest deleted.
      state = emptyState();
      for (const key of await b.list(config.prefix ? `${config.prefix}/` : ''))
        if (key !== stateKey) state.objects.set(key, null);
      stateEtag = null;
    }
    mirroredAt = state.publishedAt;
    return state;
  }

  async function writeState(b: Bucket, s: MirrorState) {
    stateEtag = await b.put(stateKey, Buffer.from(serializeState(s)), {
      ContentType: 'application/json',
      CacheControl: 'no-store',
    });
    stateIsOurs = true;
  }

  /** Runs `work` on each item, CONCURRENCY at once, stopping at the first failure; counts the requests that failed. */
  async function each<T>(items: T[], work: (item: T) => Promise<void>): Promise<void> {
    const limit = pLimit(CONCURRENCY);
    let failed = 0;
    let first: unknown;
    await Promise.all(
      items.map((item) =>
        limit(async () => {
          if (failed || signal.aborted) return;
          try {
            await work(item);
          } catch (err) {
            if (signal.aborted) return;
            counts.failures++;
            if (!failed++) first = err;
          }
        }),
      ),
    );
    if (failed) throw new PassFailed(failed, first);
    signal.throwIfAborted();
  }

  /** False when a newer generation retired this one's objects mid-pass: the next pass takes over. */
  async function pass(gen: Generation): Promise<boolean> {
    bucket ??= await openBucket(config, signal);
    const b = bucket;
    let s: MirrorState;
    try {
      s = await currentState(b);
    } catch (err) {
      if (!signal.aborted) counts.failures++;
      throw new PassFailed(1, err);
    }
    // Another instance mirrored a newer generation (this one started with an older copy of the site).
    // Not against this process's own record: a clock stepped back must not stop its next publishes.
    if (!stateIsOurs && s.publishedAt && s.publishedAt > gen.publishedAt) return true;
    const wanted = wantedObjects(gen, config.prefix);
    const { upload, remove } = planPass(wanted, s.objects);
    if (!upload.length && !remove.length && s.generation === gen.id) {
      mirroredAt = gen.publishedAt;
      return true;
    }
    const files = new Map<string, WantedObject[]>();
    for (const o of upload) files.set(o.entry.path, [...(files.get(o.entry.path) ?? []), o]);
    let superseded = false;
    try {
      await each([...files.values()], async (objects) => {
        let bytes: Awaited<ReturnType<FileStore['readObject']>>;
        try {
          bytes = await store.readObject(objects[0]!.entry);
        } catch (err) {
          // Two commits since this generation: the store removed its objects, and a newer one waits.
          if (pending !== gen) {
            superseded = true;
            return;
          }
          throw err;
        }
        for (const o of objects) {
          const body = bytes[o.encoding];
          if (!body) throw new Error(`${o.entry.path} has no ${o.encoding} variant in the store`);
          await b.put(o.key, body, headersOf(o));
          counts.uploads++;
          s.objects.set(o.key, signatureOf(o));
        }
      });
      if (superseded) return false;
      // Only once every new file is up: a page linked from a new one is never missing meanwhile.
      await each(remove, async (key) => {
        await b.remove(key);
        counts.deletions++;
        s.objects.delete(key);
      });
      s.generation = gen.id;
      s.publishedAt = gen.publishedAt;
      try {
        await writeState(b, s);
      } catch (err) {
        if (!signal.aborted) counts.failures++;
        throw new PassFailed(1, err);
      }
    } catch (err) {
      // What did go up is recorded where it can be, so that a restart does not upload it again.
      if (!signal.aborted && s.generation !== gen.id) await writeState(b, s).catch(() => {});
      throw err;
    }
    mirroredAt = gen.publishedAt;
    log(`mirror: generation ${gen.id} is in ${config.describe} (${upload.length} uploaded, ${remove.length} deleted)`);
    return true;
  }

  const drain = () =>
    pRetry(
      async () => {
        while (pending && !signal.aborted) {
          const gen = pending;
          const done = await pass(gen);
          if (done && pending === gen) pending = null;
        }
      },
      {
        retries: Number.POSITIVE_INFINITY,
        minTimeout: retry.minMs,
        maxTimeout: retry.maxMs,
        randomize: true,
        signal,
        onFailedAttempt: ({ error, retryDelay }) =>
          warn(
            `mirror: generation ${pending?.id ?? '?'} could not be mirrored to ${config.describe} (${error.message}); retrying in ${Math.round(retryDelay / 1000)} s`,
          ),
      },
    );

  function kick() {
    if (running || closed || !pending) return;
    let ok = true;
    running = drain()
      .catch((err: unknown) => {
        ok = false;
        // An abort is the close; anything else is a fault of ours that retrying would repeat until the next commit.
        if (!signal.aborted)
          atLevel(log, 'error')(`mirror: stopped until the next publish: ${(err as Error).stack ?? err}`);
      })
      .finally(() => {
        running = null;
        if (ok) kick();
      });
  }

  // Not awaited by the commit (the store runs listeners after it), and returns at once: the pass runs on its own.
  store.onCommitted((gen) => {
    pending = gen;
    latest = gen;
    kick();
  });
  kick();

  return {
    status: () => ({
      enabled: true,
      mirroredPublishedAt: mirroredAt ? new Date(mirroredAt) : null,
      latestPublishedAt: latest ? new Date(latest.publishedAt) : null,
      ...counts,
    }),
    async idle() {
      while (running) await running;
    },
    async close(stepMs) {
      closed = true;
      controller.abort();
      await waitAtMost(running ?? Promise.resolve(), stepMs);
      bucket?.close();
    },
  };
}
