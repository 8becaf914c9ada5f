import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { type FolderLock, lockFolder } from './folder-lock.ts';
import { explainEmbeddedFailure } from './startup-diagnosis.ts';
import { isDatabaseUnavailable } from './unavailable.ts';
import * as schema from './schema/index.ts';

/** The one database type above the driver: PGlite and node-postgres both give a PgDatabase. */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

export interface Database {
  db: Db;
  kind: 'pglite' | 'postgres';
  /** Applies the committed migrations (idempotent). */
  migrate(): Promise<void>;
  close(): Promise<void>;
}

export const MIGRATIONS_FOLDER = path.join(import.meta.dirname, 'migrations');

/** Bounds on waiting for PostgreSQL, so that a server that accepts TCP and never answers cannot hang us. */
export interface PostgresTimeouts {
  /** Connecting, including the handshake, and waiting for a free pooled connection. */
  connectMs: number;
  /** PostgreSQL's statement_timeout; the client also gives up on an answer a little after it. */
  statementMs: number;
}

export type DatabaseTarget =
  /** Without timeouts, node-postgres's own behaviour: wait for ever. */
  | { kind: 'postgres'; url: string; timeouts?: PostgresTimeouts }
  | {
      kind: 'pglite';
      dataDir: string | null /* null: in memory */;
      /**
       * A `dumpDataDir` tarball to start from (SHIRASE_TEST_PGLITE_DUMP, the test suite's migrated
       * database) instead of a new empty cluster: in memory, or in a folder that is still empty.
       */
      dump?: string;
    }
  | { kind: 'pglite-instance'; instance: import('@electric-sql/pglite').PGlite };

/** `DATABASE_URL` set: node-postgres; otherwise embedded PGlite under `DATA_DIR` (default ./data). */
export function targetFromEnv(env: NodeJS.ProcessEnv = process.env): DatabaseTarget {
  if (env.DATABASE_URL) return { kind: 'postgres', url: env.DATABASE_URL };
  const dataDir = env.DATA_DIR ?? './data';
  // The test suite's migrated database (tests/support/global-setup.ts): loading it takes ~0.5 s where
  // creating and migrating an empty one in memory takes ~2.7 s, at each of the suite's ~90 server
  // starts; in a new folder 1.9 s where initialising it took 6.8 s (measured on one such folder).
  const dump = env.SHIRASE_TEST_PGLITE_DUMP;
  return {
    kind: 'pglite',
    dataDir: dataDir === 'memory' ? null : path.join(dataDir, 'pglite'),
    ...(dump ? { dump } : {}),
  };
}

/**
 * Bytes as the Blob PGlite's `loadDataDir` reads with one `arrayBuffer()` call, handing them over as
 * they are: `new Blob([bytes])` copies them and its `arrayBuffer()` copies them again, reading 1 MiB at
 * a time (0.6 s of a test server's 6 s start for the test suite's 42 MB dump, measured here). PGlite
 * only reads them.
 */
class BytesBlob extends Blob {
  readonly #bytes: ArrayBuffer;
  constructor(bytes: Uint8Array) {
    super([]);
    this.#bytes =
      bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength
        ? (bytes.buffer as ArrayBuffer)
        : (bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
  }
  override get size(): number {
    return this.#bytes.byteLength;
  }
  override arrayBuffer(): Promise<ArrayBuffer> {
    return Promise.resolve(this.#bytes);
  }
}
/** A `dumpDataDir` tarball (as bytes, or the file holding them) for PGlite's `loadDataDir`. */
export const dumpBlob = (dump: string | Uint8Array): Blob =>
  new BytesBlob(typeof dump === 'string' ? readFileSync(dump) : dump);

export interface OpenOptions {
  /**
   * PostgreSQL only: told after each query whether the server could be reached — `null` when it
   * answered (with rows or with an SQL error), the error when the connection failed — and when a
   * pooled connection is lost; `startedAt` (performance.now()) is when the query was sent, so that
   * an answer already on its way when the connection was lost is not taken for a recovery. The pool
   * reconnects per query by itself; this lets the process say whether the database is there, and
   * notice when it is back.
   */
  onReachability?: (lost: unknown | null, startedAt: number) => void;
}

export async function openDatabase(target: DatabaseTarget, options: OpenOptions = {}): Promise<Database> {
  if (target.kind === 'postgres') {
    const { default: pg } = await import('pg');
    const { drizzle } = await import('drizzle-orm/node-postgres');
    const { migrate } = await import('drizzle-orm/node-postgres/migrator');
    const t = target.timeouts;
    const pool = new pg.Pool({
      connectionString: target.url,
      max: 10,
      ...(t && {
        connectionTimeoutMillis: t.connectMs,
        statement_timeout: t.statementMs,
        // Past the server's own limit, so that a live server's clearer error arrives first.
        query_timeout: t.statementMs + QUERY_TIMEOUT_MARGIN_MS,
      }),
    });
    // A pool error (server gone) must not crash the process: the public site keeps serving.
    pool.on('error', (err) => console.error(`postgres pool: ${err.message}`));
    watchConnections(pool, options.onReachability ?? (() => {}));
    const db = drizzle(pool, { schema }) as unknown as Db;
    return {
      db,
      kind: 'postgres',
      migrate: () =>
        migrateAlone(pool, (client) =>
          migrate(drizzle(client, { schema }), { migrationsFolder: MIGRATIONS_FOLDER }),
        ).catch((err: Error) => {
          throw explainPostgresFailure(err, target.url, t);
        }),
      close: () => pool.end(),
    };
  }
  const { PGlite } = await import('@electric-sql/pglite');
  const { drizzle } = await import('drizzle-orm/pglite');
  const { migrate } = await import('drizzle-orm/pglite/migrator');
  let client: import('@electric-sql/pglite').PGlite;
  let lock: FolderLock | undefined;
  if (target.kind === 'pglite-instance') client = target.instance;
  else if (target.dataDir) {
    const dataDir = target.dataDir;
    try {
      mkdirSync(dataDir, { recursive: true });
    } catch (err) {
      throw explainEmbeddedFailure(err, dataDir);
    }
    lock = lockFolder(dataDir);
    try {
      const empty = target.dump && readdirSync(dataDir).length === 0;
      client = await PGlite.create(dataDir, empty ? { loadDataDir: dumpBlob(target.dump!) } : {});
    } catch (err) {
      lock.release();
      throw explainEmbeddedFailure(err, dataDir);
    }
  } else if (target.kind === 'pglite' && target.dump)
    client = await PGlite.create({ loadDataDir: dumpBlob(target.dump) });
  else client = await PGlite.create();
  const orm = drizzle(client, { schema });
  const dataDir = target.kind === 'pglite' ? target.dataDir : null;
  return {
    db: orm as unknown as Db,
    kind: 'pglite',
    migrate: () =>
      migrate(orm, { migrationsFolder: MIGRATIONS_FOLDER }).catch((err: unknown) => {
        throw dataDir ? explainEmbeddedFailure(err, dataDir) : err;
      }),
    close: async () => {
      if (!client.closed) await client.close();
      lock?.release();
    },
  };
}

const QUERY_TIMEOUT_MARGIN_MS = 2_000;

/** Any constant: advisory locks are scoped to the database. */
const MIGRATION_LOCK_KEY = 0x4d49_4752;

/**
 * Instances starting together on one PostgreSQL take turns: drizzle's migrator takes no lock, and
 * the second would fail on "relation … already exists" while the first creates it. An advisory
 * lock is a session's, so the migrations run on the session that holds it.
 */
async function migrateAlone(pool: import('pg').Pool, run: (client: import('pg').PoolClient) => Promise<unknown>) {
  const client = await pool.connect();
  let failed: Error | undefined;
  try {
    await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      await run(client);
    } finally {
      await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => {});
    }
  } catch (err) {
    failed = err as Error;
    throw err;
  } finally {
    // A failed session (lost, timed out) is not handed back to the pool.
    client.release(failed);
  }
}

/**
 * Drizzle queries the pool with `pool.query` (one statement) and `pool.connect` (a transaction's
 * client): both are wrapped to observe their outcome, the pool itself left as it is.
 *
 * A client checked out for a transaction has no 'error' listener of the pool's: node-postgres then
 * emits a lost connection as an unhandled 'error', which would end the process (the query in flight
 * fails on its own). Each such client gets a listener, once.
 */
function watchConnections(pool: import('pg').Pool, report: (lost: unknown | null, startedAt: number) => void): void {
  const observe = <T>(result: Promise<T>): Promise<T> => {
    const startedAt = performance.now();
    result.then(
      () => report(null, startedAt),
      (err: unknown) => report(isDatabaseUnavailable(err) ? err : null, startedAt),
    );
    return result;
  };
  const guarded = new WeakSet<object>();
  const guard = (client: import('pg').PoolClient) => {
    if (guarded.has(client)) return client;
    guarded.add(client);
    client.on('error', (err) => {
      if (isDatabaseUnavailable(err)) report(err, performance.now());
    });
    return client;
  };
  const query = pool.query.bind(pool) as (...args: unknown[]) => unknown;
  const connect = pool.connect.bind(pool) as (...args: unknown[]) => unknown;
  Object.assign(pool, {
    query: (...args: unknown[]) => {
      const result = query(...args);
      return result instanceof Promise ? observe(result) : result;
    },
    // With a callback, pg-pool's own `query` is asking: its outcome is observed there.
    connect: (...args: unknown[]) =>
      args.length ? connect(...args) : observe((connect() as Promise<import('pg').PoolClient>).then(guard)),
  });
  pool.on('error', (err) => {
    if (isDatabaseUnavailable(err)) report(err, performance.now());
  });
}

/** node-postgres's connection and timeout errors name no server and no setting; these sentences name both. */
export function explainPostgresFailure(err: Error, url: string, t: PostgresTimeouts | undefined): Error {
  // Drizzle wraps the driver's error ("Failed query: …") and keeps it as the cause.
  const messages: string[] = [];
  for (let e: unknown = err; e instanceof Error; e = e.cause) messages.push(e.message);
  const said = (pattern: RegExp) => messages.some((m) => pattern.test(m));
  const u = new URL(url);
  // Never the password: only where the server is.
  const where = `${u.hostname}:${u.port || '5432'}${u.pathname}`;
  if (t && said(/connection timeout|timeout expired/i))
    return new Error(
      `PostgreSQL at ${where} did not complete a connection within ${t.connectMs} ms (DATABASE_CONNECT_TIMEOUT_MS): check DATABASE_URL and that the server is up.`,
      { cause: err },
    );
  if (said(/ECONNREFUSED|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH/))
    return new Error(
      `PostgreSQL at ${where} cannot be reached (${messages.at(-1)}): check DATABASE_URL and that the server is running and accepts connections from here.`,
      { cause: err },
    );
  if (said(/ECONNRESET|EPIPE|^Connection terminated/))
    return new Error(`The connection to PostgreSQL at ${where} was cut (${messages.at(-1)}).`, { cause: err });
  if (t && said(/query read timeout/i))
    return new Error(
      `PostgreSQL at ${where} accepted the connection but did not answer a query within ${t.statementMs + QUERY_TIMEOUT_MARGIN_MS} ms (DATABASE_STATEMENT_TIMEOUT_MS + ${QUERY_TIMEOUT_MARGIN_MS} ms).`,
      { cause: err },
    );
  return err;
}
