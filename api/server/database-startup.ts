import { sql } from 'drizzle-orm';
import pRetry from 'p-retry';
import {
  type Database,
  type DatabaseTarget,
  type Db,
  explainPostgresFailure,
  type OpenOptions,
  openDatabase,
  targetFromEnv,
} from '../../db/client.ts';
import { checkTables } from '../../db/startup-diagnosis.ts';
import { isDatabaseUnavailable } from '../../db/unavailable.ts';
import type { DatabaseAvailability } from '../http/context.ts';
import type { Config } from './config.ts';
import { waitAtMost, within } from '../core/time-limit.ts';
import { atLevel } from './log-lazy.ts';

/**
 * Opens the configured database (an embedded one locked to this process), applies the migrations
 * and runs `prepare` (the demo seed), all within STARTUP_TIMEOUT_MS: a database that never answers
 * ends the start with a sentence instead of a silent hang. One attempt, for the export and the
 * tests; the server retries with `connectInBackground`.
 */
export function startDatabase(config: Config, prepare?: (db: Db) => Promise<void>): Promise<Database> {
  return openOnce(config, targetOf(config), { prepare });
}

export interface DatabaseLink {
  /** The database once it has come up, null before; a query may still fail while it is away. */
  readonly database: Database | null;
  availability(): DatabaseAvailability;
  /**
   * Resolves once the database is open, migrated, checked and prepared. Rejects only with an error
   * retrying cannot fix (damaged embedded data, its folder locked by another process, a migration
   * that fails, a refused login): the process should end with its message.
   */
  readonly up: Promise<Database>;
  /** Stops retrying and closes what was opened; waits for an attempt under way at most `waitMs`. */
  close(waitMs: number): Promise<void>;
}

/**
 * Waits between attempts to reach PostgreSQL: 0.5 s, doubling to 30 s, each delay stretched by a
 * random factor of 1–2 so that instances restarted together do not knock in step.
 */
export const RECONNECT_BACKOFF = { minTimeout: 500, factor: 2, maxTimeout: 30_000, randomize: true } as const;

/**
 * Brings the database up without holding the caller up: the server listens and serves its last
 * published site meanwhile. PostgreSQL is tried again and again (RECONNECT_BACKOFF) while it cannot
 * be reached, each failure logged once with its cause; an error that retrying cannot fix rejects
 * `up`. Once up, a query that loses the connection marks it degraded, and it is probed with the same
 * backoff until a query succeeds again (any query: the pool reconnects by itself), when `onBack` runs.
 * The embedded database is one attempt: nothing about opening a local folder gets better by waiting.
 */
export function connectInBackground(
  config: Config,
  options: {
    prepare?: (db: Db) => Promise<void>;
    log: (line: string) => void;
    now: () => Date;
    /** After a lost connection, once PostgreSQL answers again. */
    onBack?: () => void;
  },
): DatabaseLink {
  const { log, now } = options;
  const warn = atLevel(log, 'warn');
  const target = targetOf(config);
  const name = databaseName(target);
  const stopping = new AbortController();
  let database: Database | null = null;
  let state: DatabaseAvailability['state'] = 'starting';
  let since = now();
  /** When the next attempt starts (performance.now), while waiting for it. */
  let nextAttemptAt: number | null = null;
  let probing: Promise<unknown> | null = null;

  const enter = (next: DatabaseAvailability['state']) => {
    state = next;
    since = now();
  };

  /** When the connection was last lost (performance.now): only a query sent after it proves it back. */
  let lostAt = Number.NEGATIVE_INFINITY;
  const reachability = (opened: () => Database | undefined) => (lost: unknown | null, startedAt: number) => {
    // Only the database in use speaks: an abandoned attempt's pool fails as it is closed.
    if (stopping.signal.aborted || !database || opened() !== database) return;
    if (lost) lostAt = Math.max(lostAt, startedAt);
    if (lost && state === 'ok') {
      warn(
        `database: lost the connection to ${name} (${sentence(lost, target)}); the operator API answers 503 until it is back, the public site keeps serving.`,
      );
      enter('degraded');
      probing ??= probe().finally(() => (probing = null));
    } else if (!lost && state === 'degraded' && startedAt > lostAt) {
      log(`database: ${name} answers again after ${Math.round((now().getTime() - since.getTime()) / 1000)} s.`);
      enter('ok');
      nextAttemptAt = null;
      options.onBack?.();
    }
  };

  const retrying = (what: string) => ({
    ...RECONNECT_BACKOFF,
    retries: Number.POSITIVE_INFINITY,
    signal: stopping.signal,
    unref: true,
    shouldRetry: ({ error }: { error: Error }) => isTransient(error, target),
    onFailedAttempt: ({
      error,
      attemptNumber,
      retryDelay,
    }: {
      error: Error;
      attemptNumber: number;
      retryDelay: number;
    }) => {
      if (!isTransient(error, target)) return;
      nextAttemptAt = performance.now() + retryDelay;
      warn(
        `database: ${what} ${attemptNumber} failed: ${sentence(error, target)} Trying again in ${(retryDelay / 1000).toFixed(1)} s.`,
      );
    },
  });

  /** After a lost connection: one cheap query at a time, until one succeeds (which `reachability` sees). */
  const probe = () =>
    pRetry(async () => {
      nextAttemptAt = null;
      if (state !== 'degraded' || !database) return;
      await database.db.execute(sql`select 1`);
    }, retrying('reconnect attempt')).catch(() => {
      // Aborted by close(), or an error no retry fixes: the next query will say so to whoever asks.
    });

  const up = (async () => {
    const attempt = () => {
      nextAttemptAt = null;
      let opened: Database | undefined;
      return openOnce(config, target, {
        prepare: options.prepare,
        // An embedded database is let finish its start (the seed writes its files), then closed.
        ...(target.kind === 'postgres' && { signal: stopping.signal }),
        onReachability: reachability(() => opened),
        opened: (d) => (opened = d),
      });
    };
    const opened = target.kind === 'postgres' ? await pRetry(attempt, retrying('attempt')) : await attempt();
    if (stopping.signal.aborted) {
      await opened.close();
      throw stopping.signal.reason;
    }
    database = opened;
    enter('ok');
    nextAttemptAt = null;
    return opened;
  })();
  // Whoever awaits `up` handles its failure; the link itself must not leave it unhandled.
  up.catch(() => {});

  return {
    get database() {
      return database;
    },
    availability() {
      const wait = nextAttemptAt === null ? 0 : Math.max(0, nextAttemptAt - performance.now());
      // While an attempt runs, a couple of seconds; while waiting for one, until it has had a chance.
      return { state, since, retryAfterSeconds: Math.min(30, Math.ceil(wait / 1000) + 2) };
    },
    up,
    async close(waitMs) {
      stopping.abort(new Error('Shirase is shutting down: the database is no longer being connected.'));
      await waitAtMost(Promise.all([up, probing]), waitMs);
      await database?.close();
    },
  };
}

/**
 * One attempt: open, migrate, check (embedded), prepare, within STARTUP_TIMEOUT_MS; whatever it
 * opened is closed if it fails, times out or is called off (also if it opens late).
 */
async function openOnce(
  config: Config,
  target: DatabaseTarget,
  options: {
    prepare?: ((db: Db) => Promise<void>) | undefined;
    signal?: AbortSignal;
    onReachability?: OpenOptions['onReachability'];
    opened?: (database: Database) => void;
  },
): Promise<Database> {
  const { limits } = config;
  let database: Database | undefined;
  let abandoned = false;
  const work = (async () => {
    database = await openDatabase(target, options.onReachability ? { onReachability: options.onReachability } : {});
    options.opened?.(database);
    await database.migrate();
    // A truncated table file reads as empty: refuse to serve it as the truth. One in memory has no
    // files (~0.5 s less for each of the test suite's starts).
    if (target.kind === 'pglite' && target.dataDir) await checkTables(database.db);
    await options.prepare?.(database.db);
    return database;
  })();
  const calledOff = new Promise<never>((_, reject) => {
    if (!options.signal) return;
    const signal = options.signal;
    const abort = () => {
      abandoned = true;
      reject(signal.reason);
    };
    if (signal.aborted) abort();
    else signal.addEventListener('abort', abort, { once: true });
    // A settled attempt no longer listens (and its rejection is nobody's to handle).
    void work.finally(() => signal.removeEventListener('abort', abort)).catch(() => {});
  });
  calledOff.catch(() => {});
  try {
    return await within(Promise.race([work, calledOff]), limits.startupTimeoutMs, () => {
      abandoned = true;
      return new StartupTimeoutError(
        `Start-up did not finish within ${limits.startupTimeoutMs} ms (STARTUP_TIMEOUT_MS): opening ${databaseName(target)}, applying the migrations and seeding took longer.`,
      );
    });
  } catch (err) {
    // Closed however it failed (also if it opens late); but a database that has just failed to
    // answer in time is not waited for again, and no close is waited for longer than a shutdown.
    void work.then((late) => late.close()).catch(() => {});
    const closing = database?.close().catch(() => {});
    if (closing && !abandoned) await waitAtMost(closing, limits.shutdownTimeoutMs);
    throw err;
  }
}

class StartupTimeoutError extends Error {
  override name = 'StartupTimeoutError';
}

/**
 * Worth another attempt: PostgreSQL could not be reached or did not answer in time. Not: an SQL
 * error (a migration that fails), a refused login or an unknown database (DATABASE_URL is wrong
 * until someone changes it), and anything about an embedded database.
 */
function isTransient(err: unknown, target: DatabaseTarget): boolean {
  if (target.kind !== 'postgres') return false;
  return err instanceof StartupTimeoutError || isDatabaseUnavailable(err);
}

function targetOf(config: Config): DatabaseTarget {
  const { limits } = config;
  return config.databaseUrl
    ? {
        kind: 'postgres',
        url: config.databaseUrl,
        timeouts: { connectMs: limits.connectTimeoutMs, statementMs: limits.statementTimeoutMs },
      }
    : targetFromEnv({ DATA_DIR: config.dataDir, SHIRASE_TEST_PGLITE_DUMP: config.testDatabaseDump });
}

/** The error in one sentence, naming the server and the setting where node-postgres names neither. */
function sentence(err: unknown, target: DatabaseTarget): string {
  const explained =
    target.kind === 'postgres' && err instanceof Error ? explainPostgresFailure(err, target.url, target.timeouts) : err;
  if (!(explained instanceof Error)) return String(explained);
  // Drizzle's "Failed query: …" names only the query: the driver's own words are in the cause.
  const text =
    explained.message.startsWith('Failed query') && explained.cause instanceof Error
      ? explained.cause.message
      : explained.message;
  return /[.!?)]$/.test(text) ? text : `${text}.`;
}

function databaseName(target: DatabaseTarget): string {
  if (target.kind === 'postgres') {
    const u = new URL(target.url);
    // Never the password: only where the server is.
    return `PostgreSQL at ${u.hostname}:${u.port || '5432'}${u.pathname}`;
  }
  return target.kind === 'pglite' && target.dataDir ? `the embedded database in ${target.dataDir}` : 'the database';
}
