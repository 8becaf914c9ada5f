import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../../db/client.ts';

/**
 * Migrates one in-memory PGlite and dumps it, so that each test file loads a ready database
 * (~1 s) instead of creating and migrating its own (~5 s). With TEST_POSTGRES_URL (set by
 * scripts/test.sh, which starts a throwaway cluster), also migrates a template database there.
 */
export default async function setup(project: TestProject) {
  const dir = mkdtempSync(path.join(tmpdir(), 'shirase-test-'));
  const pgUrl = process.env.TEST_POSTGRES_URL;
  // A template per run, so that concurrent runs against one server do not trip over each other.
  const template = pgUrl ? `shirase_template_${process.pid}` : '';
  // Side by side: PGlite's migration keeps this process busy, PostgreSQL's mostly its server.
  const [dumpPath] = await Promise.all([
    (async () => {
      const { PGlite } = await import('@electric-sql/pglite');
      const instance = await PGlite.create();
      const database = await openDatabase({ kind: 'pglite-instance', instance });
      await database.migrate();
      // Without the template databases, which nothing in Shirase uses (it never creates a database in
      // PGlite): 42 MB → 27 MB, and each of the suite's ~150 loads of the dump ~0.3 s shorter (untarred
      // and written into PGlite's file system byte by byte).
      await instance.exec(`UPDATE pg_database SET datistemplate = false WHERE datname IN ('template0', 'template1')`);
      await instance.exec('DROP DATABASE template0');
      await instance.exec('DROP DATABASE template1');
      await instance.exec('CHECKPOINT');
      const dump = await instance.dumpDataDir('none');
      const dumpPath = path.join(dir, 'migrated.tar');
      writeFileSync(dumpPath, Buffer.from(await dump.arrayBuffer()));
      await database.close();
      return dumpPath;
    })(),
    (async () => {
      if (!pgUrl) return;
      const { default: pg } = await import('pg');
      const admin = new pg.Client({ connectionString: pgUrl });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS ${template}`);
      await admin.query(`CREATE DATABASE ${template}`);
      await admin.end();
      const migrated = await openDatabase({ kind: 'postgres', url: withDatabase(pgUrl, template) });
      await migrated.migrate();
      await migrated.close();
    })(),
  ]);
  project.provide('pgliteDump', dumpPath);
  project.provide('postgresUrl', pgUrl ?? '');
  project.provide('postgresTemplate', template);
  return async () => {
    rmSync(dir, { recursive: true, force: true });
    if (pgUrl && template) {
      const { default: pg } = await import('pg');
      const admin = new pg.Client({ connectionString: pgUrl });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`);
      await admin.end();
    }
  };
}

export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteDump: string;
    postgresUrl: string;
    postgresTemplate: string;
  }
}
