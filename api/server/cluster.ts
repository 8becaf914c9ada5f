import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import type { Db } from '../../db/client.ts';
import * as schema from '../../db/schema/index.ts';
import type { Change } from '../core/change.ts';
import type { Publisher, PublishReport } from '../publish/publisher.ts';
import { CHANGES_CHANNEL, decodeChange, encodeChange } from './cluster-changes.ts';
import {
  currentGeneration,
  currentGenerationId,
  fetchObjects,
  hashesOf,
  PUBLISHED_CHANNEL,
  shareGeneration,
} from './cluster-published.ts';
import type { Generation, SharedStore, StoredObject } from './cluster-types.ts';
import { atLevel } from './log-lazy.ts';

/** Announced by a publisher that stops on purpose, so that another takes over at once instead of at its next try. */
const LEFT_CHANNEL = 'shirase_publisher_left';
/**
 * The publisher lock: any constant will do, as advisory locks are scoped to the database, so only
 * instances of this site compete for it. Held by a session, it frees itself when its holder dies.
 */
export const PUBLISHER_LOCK_KEY = 0x5348_4952;
const RETRY_MS = 1_000;
/** Past PostgreSQL's own statement_timeout, so that a live server's clearer error arrives first. */
const QUERY_TIMEOUT_MARGIN_MS = 2_000;

export interface ClusterDeps {
  /** DATABASE_URL: the lock and the notifications need a connection of their own, outside the pool. */
  url: string;
  /** The pool the API writes through: a change is announced on it right after its write committed. */
  db: Db;
  store: SharedStore;
  /** This process's publisher: it runs only while this instance holds the lock. */
  publisher: Publisher;
  now: () => Date;
  log: (line: string) => void;
  connectTimeoutMs: number;
  /** DATABASE_STATEMENT_TIMEOUT_MS: without it, a query on the cluster's connection may wait for ever. */
  statementTimeoutMs?: number;
  /** How often an instance that is not publishing tries to take the lock (and to reconnect). */
  retryMs?: number;
}

export interface Cluster {
  /** The publisher the rest of the process talks to: it publishes here, or hands the change to the instance that does. */
  publisher: Publisher;
  /** Whether this instance holds the publisher lock now. */
  publishing(): boolean;
  /** Releases the lock (another instance takes over at once) and closes the connection. */
  stop(): Promise<void>;
}

/**
 * Several instances on one PostgreSQL serve one site. One of them publishes at a time: the one
 * whose own session holds an advisory lock, so the choice lives in PostgreSQL and a dead holder
 * frees it with its session. Writes taken by the others reach it by NOTIFY; it uploads each
 * generation it commits and switches the current one (cluster-published.ts), and the others
 * install it from the database, so every instance serves the same bytes, ETag and Last-Modified.
 *
 * The switch runs on the lock's own session: a publisher that lost its connection (and so its
 * lock) can no longer make its late output current.
 */
export async function startCluster(deps: ClusterDeps): Promise<Cluster> {
  const { store, publisher: local, log } = deps;
  const warn = atLevel(log, 'warn');
  const retryMs = deps.retryMs ?? RETRY_MS;
  let session: { client: pg.Client; db: Db } | null = null;
  let holding = false;
  let stopped = false;
  let unreachable = false;
  let timer: NodeJS.Timeout | undefined;
  /** The hashes of the generation current in the database, as this instance last made or installed it. */
  let inDatabase: ReadonlySet<string> = new Set();
  /** The share in flight on the lock's session, which stop() ends before it gives the lock up there. */
  let sharing: Promise<void> | null = null;
  const stopping = new AbortController();

  store.onCommitted(async (gen, objects) => {
    // A commit that ends after the lock was lost stays local: the next holder publishes anew.
    if (!holding) return;
    const run = share(gen, objects);
    sharing = run;
    try {
      await run;
    } finally {
      if (sharing === run) sharing = null;
    }
  });

  async function share(gen: Generation, objects: (hash: string) => Promise<StoredObject>) {
    const s = session;
    if (!s) return;
    const started = performance.now();
    try {
      const r = await shareGeneration(s.db, gen, objects, { known: inDatabase, signal: stopping.signal });
      inDatabase = new Set(hashesOf(gen));
      log(
        `cluster: generation ${gen.id} is current (${r.uploaded} new objects, ${Math.round(r.bytes / 1024)} KiB, ${Math.round(performance.now() - started)} ms: upload ${r.phases.upload}, switch ${r.phases.switch}, prune ${r.phases.prune})`,
      );
    } catch (err) {
      if (stopping.signal.aborted) return;
      // Giving the lock up is the one recovery: whoever takes it next (this instance again, once
      // reconnected) installs what is current in the database and publishes the rest anew.
      lost(s.client, new Error(`generation ${gen.id} could not be shared: ${messageOf(err)}`));
    }
  }

  let syncing: Promise<void> | null = null;
  let syncAgain = false;
  /** Installs the database's current generation if this store serves another; coalesces requests. */
  function sync(): Promise<void> {
    if (syncing) {
      syncAgain = true;
      return syncing;
    }
    syncing = (async () => {
      do {
        syncAgain = false;
        await adoptCurrent();
      } while (syncAgain);
    })().finally(() => {
      syncing = null;
    });
    return syncing;
  }

  async function adoptCurrent() {
    // A generation can be pruned while being fetched (two switches meanwhile): read the current one again.
    for (let attempt = 1; ; attempt++) {
      const s = session;
      if (!s) return;
      const asked = performance.now();
      const gen = await currentGeneration(s.db);
      if (!gen) return;
      try {
        if (gen.id !== store.generation()?.id) {
          const read = performance.now();
          let fetched = 0;
          await store.adopt(gen, (hashes) => {
            fetched = hashes.length;
            return fetchObjects(s.db, hashes);
          });
          log(
            `cluster: now serving generation ${gen.id} (${fetched} objects fetched; manifest ${Math.round(read - asked)} ms, install ${Math.round(performance.now() - read)} ms)`,
          );
        }
        inDatabase = new Set(hashesOf(gen));
        return;
      } catch (err) {
        if (attempt >= 3) throw err;
      }
    }
  }

  function heard(channel: string, payload: string) {
    if (channel === CHANGES_CHANNEL && holding) {
      const change = decodeChange(payload);
      if (change === 'all') void local.publishAll().catch(() => {});
      else local.notify(change);
    } else if (channel === PUBLISHED_CHANNEL && !holding && payload !== store.generation()?.id)
      sync().catch((err) => warn(`cluster: could not install generation ${payload}: ${messageOf(err)}`));
    else if (channel === LEFT_CHANNEL && !holding) schedule(0);
  }

  async function connect() {
    const client = new pg.Client({
      connectionString: deps.url,
      connectionTimeoutMillis: deps.connectTimeoutMs,
      // A server that stops answering must not hold a publish (the store waits for its share) for ever.
      ...(deps.statementTimeoutMs && {
        statement_timeout: deps.statementTimeoutMs,
        query_timeout: deps.statementTimeoutMs + QUERY_TIMEOUT_MARGIN_MS,
      }),
      keepAlive: true,
      application_name: 'shirase-cluster',
    });
    client.on('error', (err) => lost(client, err));
    client.on('end', () => lost(client, null));
    client.on('notification', (n) => heard(n.channel, n.payload ?? ''));
    try {
      await client.connect();
      await client.query(`listen ${PUBLISHED_CHANNEL}; listen ${CHANGES_CHANNEL}; listen ${LEFT_CHANNEL}`);
    } catch (err) {
      client.removeAllListeners('end');
      await client.end().catch(() => {});
      throw err;
    }
    session = { client, db: drizzle(client, { schema }) as unknown as Db };
  }

  /** Ends the cluster's session (it died, or is given up): the lock goes with it. */
  function lost(client: pg.Client, err: Error | null) {
    if (session?.client !== client) return;
    session = null;
    const was = holding;
    holding = false;
    warn(
      `cluster: the connection to PostgreSQL ended (${err ? err.message : 'closed by the server'})${was ? '; the publisher lock goes with it, to whichever instance takes it next' : ''}; reconnecting`,
    );
    void client.end().catch(() => {});
    schedule(retryMs);
  }

  async function tryLock(takeOver: boolean) {
    const s = session!;
    const { rows } = await s.client.query<{ locked: boolean }>('select pg_try_advisory_lock($1) as locked', [
      PUBLISHER_LOCK_KEY,
    ]);
    if (!rows[0]?.locked || session !== s) return;
    holding = true;
    log('cluster: this instance is the publisher now (it holds the publisher lock)');
    if (!takeOver) return;
    // Start from what the last publisher made current, then publish what it may have left unpublished.
    await sync();
    void local.publishAll({ ifChanged: true }).catch(() => {});
  }

  /** One step: reconnect and catch up, then try the lock. */
  async function step(takeOver: boolean) {
    if (!session) {
      await connect();
      if (unreachable) log('cluster: connected to PostgreSQL again');
      unreachable = false;
      await sync();
    }
    if (!holding) await tryLock(takeOver);
    // An install that failed (disk full, objects pruned under it) is tried again here, at the cost
    // of one id per try rather than a manifest.
    const s = session;
    if (!holding && s && !syncing) {
      const id = await currentGenerationId(s.db);
      if (id && id !== store.generation()?.id)
        await sync().catch((err) => {
          if (id !== failedId)
            warn(`cluster: could not install generation ${id} (tried again every ${retryMs} ms): ${messageOf(err)}`);
          failedId = id;
        });
    }
  }
  /** The generation whose install last failed: said once, not at every try. */
  let failedId: string | null = null;

  let stepping: Promise<void> | null = null;
  function schedule(ms: number) {
    clearTimeout(timer);
    if (stopped) return;
    timer = setTimeout(() => {
      if (stepping) return schedule(retryMs);
      stepping = step(true)
        .catch((err) => {
          if (!unreachable)
            warn(`cluster: PostgreSQL does not answer (retrying every ${retryMs} ms): ${messageOf(err)}`);
          unreachable = true;
        })
        .finally(() => {
          stepping = null;
          schedule(retryMs);
        });
    }, ms);
  }

  // The first step is awaited: the caller's first publish must know whether this instance publishes.
  await step(false).catch((err) => {
    unreachable = true;
    warn(`cluster: PostgreSQL does not answer (retrying every ${retryMs} ms): ${messageOf(err)}`);
  });
  schedule(retryMs);

  const idleReport = (): PublishReport => ({
    routes: 0,
    changed: 0,
    ms: 0,
    phases: { model: 0, pages: 0, documents: 0, commit: 0 },
    failed: [],
    at: deps.now(),
  });
  const announce = (change: Change | 'all') =>
    deps.db
      .execute(sql`select pg_notify(${CHANGES_CHANNEL}, ${encodeChange(change)})`)
      .catch((err) => warn(`cluster: a change could not be handed to the publishing instance: ${messageOf(err)}`));

  const publisher: Publisher = {
    ...local,
    /** Publishing instance: as alone. Others: install the current generation (the publisher publishes). */
    async publishAll(options) {
      if (holding) return local.publishAll(options);
      await sync();
      return idleReport();
    },
    notify(change: Change) {
      if (holding) local.notify(change);
      else void announce(change);
    },
    idle: () => local.idle(),
    status: () => local.status(),
    get lastError() {
      return local.lastError;
    },
  };

  return {
    publisher,
    publishing: () => holding,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await stepping;
      // A session runs one query at a time: the unlock below would otherwise queue behind an
      // upload's (node-postgres warns of that, and pg 9 refuses it).
      stopping.abort(new Error('the instance is stopping'));
      await sharing;
      const s = session;
      session = null;
      if (!s) return;
      try {
        if (holding) {
          holding = false;
          await s.client.query('select pg_advisory_unlock($1)', [PUBLISHER_LOCK_KEY]);
          await s.client.query(`notify ${LEFT_CHANNEL}`);
        }
      } finally {
        await s.client.end().catch(() => {});
      }
    },
  };
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
