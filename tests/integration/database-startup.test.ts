import { chmodSync, cpSync, mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, afterEach, describe, expect, inject, it } from 'vitest';
import { incidents } from '../../db/schema/index.ts';
import { startDatabase } from '../../api/server/database-startup.ts';
import { loadConfig } from '../../api/server/config.ts';

const folders: string[] = [];
function tempFolder(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'shirase-startup-'));
  folders.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of folders.splice(0)) {
    chmodSync(dir, 0o700);
    rmSync(dir, { recursive: true, force: true, maxRetries: 2 });
  }
});

const start = (dataDir: string) => startDatabase(loadConfig({ DATA_DIR: dataDir }));

/**
 * A data folder with the schema and three incidents, closed cleanly: made once, from the suite's
 * migrated database (global-setup.ts; initialising a folder takes ~7 s), and copied for each test.
 */
let made: Promise<string> | undefined;
async function folderWithIncidents(): Promise<string> {
  made ??= (async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'shirase-startup-made-'));
    const database = await startDatabase(
      loadConfig({
        DATA_DIR: dataDir,
        ...(inject('pgliteDump') ? { SHIRASE_TEST_PGLITE_DUMP: inject('pgliteDump') } : {}),
      }),
    );
    const at = new Date('2026-11-01T00:00:00Z');
    await database.db.insert(incidents).values(
      ['a', 'b', 'c'].map((id) => ({
        id,
        name: id,
        status: 'resolved' as const,
        impact: 'minor' as const,
        detectedAt: at,
        createdAt: at,
        updatedAt: at,
      })),
    );
    await database.close();
    return dataDir;
  })();
  const dataDir = tempFolder();
  cpSync(await made, dataDir, { recursive: true });
  return dataDir;
}
afterAll(async () => {
  if (made) rmSync(await made, { recursive: true, force: true });
});

describe('a data folder that cannot be used', () => {
  it('says the data folder is a file, not a folder, when a file stands in its place', async () => {
    const dataDir = tempFolder();
    writeFileSync(path.join(dataDir, 'pglite'), 'not a database');
    await expect(start(dataDir)).rejects.toThrow(
      /pglite is a file, not a folder: .*Move the file away, or set DATA_DIR/,
    );
  });

  it('says the database is read-only and how to make it writable, for a folder without write permission', async () => {
    const dataDir = await folderWithIncidents();
    const pglite = path.join(dataDir, 'pglite');
    chmodSync(pglite, 0o500);
    try {
      await expect(start(dataDir)).rejects.toThrow(
        /is read-only for this process: make the folder and its files writable/,
      );
    } finally {
      chmodSync(pglite, 0o700);
    }
  });

  it('says the data looks damaged and to restore a backup, when the control file is truncated', async () => {
    const dataDir = await folderWithIncidents();
    truncateSync(path.join(dataDir, 'pglite', 'global', 'pg_control'), 0);
    await expect(start(dataDir)).rejects.toThrow(
      /could not be opened: its files look damaged .*Restore the folder from a backup/,
    );
  });

  it('refuses to start on a folder whose incidents table file was truncated, instead of serving no incidents', async () => {
    const dataDir = await folderWithIncidents();
    const probe = await start(dataDir);
    const result = (await probe.db.execute(sql`select pg_relation_filepath('incidents') as file`)) as unknown as {
      rows: Array<{ file: string }>;
    };
    const [row] = result.rows;
    await probe.close();
    truncateSync(path.join(dataDir, 'pglite', row!.file), 0);
    await expect(start(dataDir)).rejects.toThrow(
      /The database's data is damaged: incidents \(.*\)\. .*restore the data from a backup/,
    );
  });

  it('says PostgreSQL cannot be reached and to check DATABASE_URL, when nothing listens there', async () => {
    // Port 1 on this machine: connection refused at once.
    await expect(startDatabase(loadConfig({ DATABASE_URL: 'postgres://shirase@127.0.0.1:1/shirase' }))).rejects.toThrow(
      /PostgreSQL at 127\.0\.0\.1:1\/shirase cannot be reached \(.*ECONNREFUSED.*\): check DATABASE_URL/,
    );
  });

  it('starts on an intact folder and keeps its incidents', async () => {
    const dataDir = await folderWithIncidents();
    const database = await start(dataDir);
    try {
      expect((await database.db.select({ id: incidents.id }).from(incidents)).map((r) => r.id).sort()).toEqual([
        'a',
        'b',
        'c',
      ]);
    } finally {
      await database.close();
    }
  });
});
