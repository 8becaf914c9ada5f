import { type Database, type DatabaseTarget, type Db, openDatabase, targetFromEnv } from '../../db/client.ts';
import { checkTables } from '../../db/startup-diagnosis.ts';
import type { Config } from './config.ts';
import { waitAtMost, within } from '../core/time-limit.ts';

/**
 * Opens the configured database (an embedded one locked to this process), applies the migrations
 * and runs `prepare` (the demo seed), all within STARTUP_TIMEOUT_MS: a database that never answers
 * ends the start with a sentence instead of a silent hang. Shared by the server and the export.
 */
export async function startDatabase(config: Config, prepare?: (db: Db) => Promise<void>): Promise<Database> {
  const { limits } = config;
  const target: DatabaseTarget = config.databaseUrl
    ? {
        kind: 'postgres',
        url: config.databaseUrl,
        timeouts: { connectMs: limits.connectTimeoutMs, statementMs: limits.statementTimeoutMs },
      }
    : targetFromEnv({ DATA_DIR: config.dataDir });
  let database: Database | undefined;
  let timedOut = false;
  const work = (async () => {
    database = await openDatabase(target);
    await database.migrate();
    // A truncated table file reads as empty: refuse to serve it as the truth.
    if (database.kind === 'pglite') await checkTables(database.db);
    await prepare?.(database.db);
    return database;
  })();
  try {
    return await within(work, limits.startupTimeoutMs, () => {
      timedOut = true;
      return new Error(
        `Start-up did not finish within ${limits.startupTimeoutMs} ms (STARTUP_TIMEOUT_MS): opening ${databaseName(target)}, applying the migrations and seeding took longer.`,
      );
    });
  } catch (err) {
    // Closed however it failed (also if it opens late); but a database that has just failed to
    // answer in time is not waited for again, and no close is waited for longer than a shutdown.
    void work.then((late) => late.close()).catch(() => {});
    const closing = database?.close().catch(() => {});
    if (closing && !timedOut) await waitAtMost(closing, limits.shutdownTimeoutMs);
    throw err;
  }
}

function databaseName(target: DatabaseTarget): string {
  if (target.kind === 'postgres') {
    const u = new URL(target.url);
    // Never the password: only where the server is.
    return `PostgreSQL at ${u.hostname}:${u.port || '5432'}${u.pathname}`;
  }
  return target.kind === 'pglite' && target.dataDir ? `the embedded database in ${target.dataDir}` : 'the database';
}
