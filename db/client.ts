import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
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

export type DatabaseTarget =
  | { kind: 'postgres'; url: string }
  | { kind: 'pglite'; dataDir: string | null /* null: in memory */ }
  | { kind: 'pglite-instance'; instance: import('@electric-sql/pglite').PGlite };

/** `DATABASE_URL` set: node-postgres; otherwise embedded PGlite under `DATA_DIR` (default ./data). */
export function targetFromEnv(env: NodeJS.ProcessEnv = process.env): DatabaseTarget {
  if (env.DATABASE_URL) return { kind: 'postgres', url: env.DATABASE_URL };
  const dataDir = env.DATA_DIR ?? './data';
  return { kind: 'pglite', dataDir: dataDir === 'memory' ? null : path.join(dataDir, 'pglite') };
}

export async function openDatabase(target: DatabaseTarget): Promise<Database> {
  if (target.kind === 'postgres') {
    const { default: pg } = await import('pg');
    const { drizzle } = await import('drizzle-orm/node-postgres');
    const { migrate } = await import('drizzle-orm/node-postgres/migrator');
    const pool = new pg.Pool({ connectionString: target.url, max: 10 });
    // A pool error (server gone) must not crash the process: the public site keeps serving.
    pool.on('error', (err) => console.error(`postgres pool: ${err.message}`));
    const db = drizzle(pool, { schema }) as unknown as Db;
    return {
      db,
      kind: 'postgres',
      migrate: () => migrate(drizzle(pool, { schema }), { migrationsFolder: MIGRATIONS_FOLDER }),
      close: () => pool.end(),
    };
  }
  const { PGlite } = await import('@electric-sql/pglite');
  const { drizzle } = await import('drizzle-orm/pglite');
  const { migrate } = await import('drizzle-orm/pglite/migrator');
  let client: import('@electric-sql/pglite').PGlite;
  if (target.kind === 'pglite-instance') client = target.instance;
  else {
    if (target.dataDir) mkdirSync(target.dataDir, { recursive: true });
    client = target.dataDir ? await PGlite.create(target.dataDir) : await PGlite.create();
  }
  const orm = drizzle(client, { schema });
  return {
    db: orm as unknown as Db,
    kind: 'pglite',
    migrate: () => migrate(orm, { migrationsFolder: MIGRATIONS_FOLDER }),
    close: async () => {
      if (!client.closed) await client.close();
    },
  };
}
