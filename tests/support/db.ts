import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, inject } from 'vitest';
import { dumpBlob, openDatabase, type Database } from '../../db/client.ts';
import { withDatabase } from './global-setup.ts';

export type DbKind = 'pglite' | 'postgres';

/** The suite's migrated database (global-setup.ts), read once by each worker process: PGlite only reads it. */
let dumpBytes: Uint8Array | undefined;

/** A migrated, empty database of the given kind, private to the calling test file. */
export async function openTestDatabase(kind: DbKind): Promise<Database> {
  if (kind === 'pglite') {
    const { PGlite } = await import('@electric-sql/pglite');
    dumpBytes ??= readFileSync(inject('pgliteDump'));
    const instance = await PGlite.create({ loadDataDir: dumpBlob(dumpBytes) });
    return openDatabase({ kind: 'pglite-instance', instance });
  }
  const base = inject('postgresUrl');
  const name = `shirase_t_${randomBytes(6).toString('hex')}`;
  const { default: pg } = await import('pg');
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name} TEMPLATE ${inject('postgresTemplate')}`);
  await admin.end();
  const database = await openDatabase({ kind: 'postgres', url: withDatabase(base, name) });
  return {
    ...database,
    async close() {
      await database.close();
      const cleanup = new pg.Client({ connectionString: base });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await cleanup.end();
    },
  };
}

/** Empties every table between tests, keeping the schema (cheaper than a new database). */
export async function truncateAll(database: Database): Promise<void> {
  await database.db.execute(
    sql`TRUNCATE component_groups, components, incidents, incident_updates, incident_update_components, maintenances, notices RESTART IDENTITY CASCADE`,
  );
}

/**
 * Runs the same suite on embedded PGlite and on a real PostgreSQL server. PostgreSQL is required
 * when scripts/test.sh started it (SHIRASE_REQUIRE_POSTGRES=1); a bare `vitest run` without a
 * server skips that half and says so in the suite name.
 */
export function describeEachDatabase(name: string, suite: (ctx: { database: () => Database }) => void) {
  const kinds: DbKind[] = ['pglite', 'postgres'];
  for (const kind of kinds) {
    const available = kind === 'pglite' || inject('postgresUrl') !== '';
    if (!available && process.env.SHIRASE_REQUIRE_POSTGRES === '1')
      throw new Error('TEST_POSTGRES_URL is not set, but PostgreSQL is required for this run');
    const d = available ? describe : describe.skip;
    d(`${name} [${kind}${available ? '' : ': no TEST_POSTGRES_URL, skipped'}]`, () => {
      let database: Database;
      beforeAll(async () => {
        database = await openTestDatabase(kind);
      });
      beforeEach(async () => {
        await truncateAll(database);
      });
      afterAll(async () => {
        await database?.close();
      });
      suite({ database: () => database });
    });
  }
}
