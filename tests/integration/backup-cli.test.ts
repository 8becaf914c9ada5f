import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type DatabaseTarget, type Db, openDatabase, dumpBlob } from '../../db/client.ts';
import { lockFolder } from '../../db/folder-lock.ts';
import { seedDemoIfEmpty } from '../../api/core/commands/seed-demo.ts';
import { runScript } from '../support/run-script.ts';
import { everyRow } from './backup-fixture.ts';

const cli = (script: 'backup' | 'restore', args: string[], env: Record<string, string>) => runScript(script, args, env);

async function inDatabase<T>(target: DatabaseTarget, read: (db: Db) => Promise<T>): Promise<T> {
  const database = await openDatabase(target);
  try {
    return await read(database.db);
  } finally {
    await database.close();
  }
}

describe('npm run backup and npm run restore on the embedded database', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'shirase-backup-cli-'));
  const dataDir = path.join(root, 'data');
  const backups = path.join(dataDir, 'backups');
  const env = { DATA_DIR: dataDir, DATABASE_URL: '', BACKUP_DIR: '', BACKUP_GENERATIONS: '' };
  const target: DatabaseTarget = { kind: 'pglite', dataDir: path.join(dataDir, 'pglite') };
  let before: Record<string, unknown[]>;
  let backup: string;

  // The migrated database put on disk from the suite's dump: the CLI's own first start would spend
  // 15-20 s in initdb on a busy machine.
  beforeAll(async () => {
    const { PGlite } = await import('@electric-sql/pglite');
    mkdirSync(dataDir, { recursive: true });
    const instance = await PGlite.create(target.dataDir!, {
      loadDataDir: dumpBlob(inject('pgliteDump')),
    });
    const database = await openDatabase({ kind: 'pglite-instance', instance });
    // The whole of a season's data is round-tripped in backup-roundtrip.test.ts; here the CLI's doors.
    await seedDemoIfEmpty({ db: database.db, now: new Date('2026-11-01T00:00:00Z') });
    await database.db.execute(
      sql`insert into webhooks (id, url, secret, created_at) values ('w1', 'https://hooks.example.jp/x', 's', now())`,
    );
    before = await everyRow(database.db);
    await database.close();
  }, 60_000);
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('writes one verified backup into DATA_DIR/backups and says what it wrote and kept', async () => {
    const { code, stdout, stderr } = await cli('backup', [], env);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const names = readdirSync(backups);
    expect(names).toEqual([expect.stringMatching(/^shirase-backup-\d{8}T\d{6}Z\.jsonl\.gz$/)]);
    backup = path.join(backups, names[0]!);
    const rows = Object.values(before).reduce((n, r) => n + r.length, 0);
    expect(stdout).toContain(`Wrote ${backup} (`);
    expect(stdout).toContain(`${rows.toLocaleString('en')} rows in ${Object.keys(before).length} tables), verified.`);
    expect(stdout).toContain(`Kept 1 backup(s) in ${backups}; removed none.`);
  });

  it('refuses usage errors with exit 2 and the usage, touching nothing', async () => {
    const backup2 = await cli('backup', ['one', 'two'], env);
    expect(backup2).toMatchObject({ code: 2, stdout: '' });
    expect(backup2.stderr).toMatch(/^shirase backup: Name one folder\.\nusage: npm run backup/);
    const restore = await cli('restore', [], env);
    expect(restore).toMatchObject({ code: 2, stdout: '' });
    expect(restore.stderr).toMatch(
      /^shirase restore: Name the backup file\.\nusage: npm run restore -- <backup> \[--replace\]/,
    );
  });

  it('refuses a truncated, a corrupted and a foreign file with one sentence each before opening the database', async () => {
    const whole = readFileSync(backup);
    const truncated = path.join(root, 'truncated.jsonl.gz');
    writeFileSync(truncated, whole.subarray(0, Math.floor(whole.length / 2)));
    const corrupted = path.join(root, 'corrupted.jsonl.gz');
    const flipped = Buffer.from(whole);
    flipped[Math.floor(flipped.length / 2)]! ^= 0xff;
    writeFileSync(corrupted, flipped);
    const foreign = path.join(root, 'foreign.jsonl.gz');
    writeFileSync(foreign, gzipSync('{"incidents":[]}\n'));
    const plain = path.join(root, 'notes.txt');
    writeFileSync(plain, 'not a backup\n');
    // Held as a running server holds it: each refusal is about the file, so none opened the database.
    const lock = lockFolder(target.dataDir!);
    try {
      const said = await Promise.all(
        [truncated, corrupted, foreign, plain].map((f) => cli('restore', [f, '--replace'], env)),
      );
      expect(said.map((s) => s.code)).toEqual([1, 1, 1, 1]);
      expect(said.map((s) => s.stderr)).toEqual([
        expect.stringMatching(
          /^shirase restore: truncated\.jsonl\.gz is (incomplete|not a gzip file Shirase wrote, or it is damaged) .*\.\n$/,
        ),
        expect.stringMatching(
          /^shirase restore: corrupted\.jsonl\.gz (is not a gzip file Shirase wrote, or it is damaged|does not match its own checksums|has a line that is not JSON).*\.\n$/,
        ),
        'shirase restore: foreign.jsonl.gz is not a Shirase backup.\n',
        expect.stringMatching(
          /^shirase restore: notes\.txt is not a gzip file Shirase wrote, or it is damaged \(.*\)\.\n$/,
        ),
      ]);
      const busy = await cli('backup', [], env);
      expect(busy.code).toBe(1);
      expect(busy.stderr).toBe(
        `shirase backup: The embedded database in ${dataDir} is in use by the server (pid ${process.pid}); stop it first, or run Shirase on PostgreSQL (DATABASE_URL) to back up while it serves (or let it make its scheduled backup, BACKUP_TIME).\n`,
      );
    } finally {
      lock.release();
    }
  });

  it('restores with --replace what was there at the backup, undoing a later change', async () => {
    await inDatabase(target, (db) => db.execute(sql`delete from webhooks`));
    const { code, stdout, stderr } = await cli('restore', [backup, '--replace'], env);
    // Without --replace the same is refused (tested in backup-roundtrip.test.ts, one process start fewer here).
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toMatch(
      /^Restored [\d,]+ rows in \d+ tables from .*, replacing [\d,]+ rows\.\nThe server publishes the restored data when it starts\.\n$/,
    );
    expect(await inDatabase(target, everyRow)).toEqual(before);
  });
});
