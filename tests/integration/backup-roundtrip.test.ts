import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { readBackup, restoreBackup, writeBackup } from '../../api/backup/index.ts';
import type { Database } from '../../db/client.ts';
import { type DbKind, openTestDatabase } from '../support/db.ts';
import { everyRow, POPULATED_AT, populate } from './backup-fixture.ts';

const kinds: DbKind[] = inject('postgresUrl') ? ['pglite', 'postgres'] : ['pglite'];

describe.each(kinds)('a backup of a populated database [%s]', (kind) => {
  let source: Database;
  let target: Database;
  let dir: string;
  let file: string;
  let before: Record<string, unknown[]>;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'shirase-backup-'));
    [source, target] = await Promise.all([openTestDatabase(kind), openTestDatabase(kind)]);
    await populate(source.db);
    before = await everyRow(source.db);
    ({ file } = await writeBackup({ db: source.db, engine: kind, dir, now: POPULATED_AT }));
  }, 60_000);
  afterAll(async () => {
    await Promise.all([source?.close(), target?.close()]);
    rmSync(dir, { recursive: true, force: true });
  });

  it('covers every table but the published output, each holding rows', () => {
    expect(Object.keys(before)).toEqual(expect.arrayContaining(['audit_log', 'operators', 'incidents', 'deliveries']));
    expect(Object.keys(before).filter((t) => t.startsWith('published_'))).toEqual([]);
    const empty = Object.entries(before)
      .filter(([, rows]) => rows.length === 0)
      .map(([t]) => t);
    expect(empty).toEqual([]);
  });

  it('is named for its time, verified, and leaves no partial file', async () => {
    expect(readdirSync(dir)).toEqual(['shirase-backup-20261130T000000Z.jsonl.gz']);
    const { header, trailer } = await readBackup(file);
    expect(header).toMatchObject({ format: 'shirase-backup', version: 1, engine: kind });
    expect(header.migration.tag).toBe('0011_operators');
    expect(trailer.tables.incidents?.rows).toBe(before.incidents!.length);
  });

  it('restores into a fresh database with every row of every table equal, and new rows continue the sequences', async () => {
    const restored = await restoreBackup({ db: target.db, engine: kind, file, replace: false });
    expect(restored.rows).toBe(Object.values(before).reduce((n, rows) => n + rows.length, 0));
    expect(await everyRow(target.db)).toEqual(before);
    // An identity column continues after the restored rows rather than colliding with them.
    const next = async (db: Database['db']) =>
      (await db.execute(sql`select nextval(pg_get_serial_sequence('audit_log', 'id'))::int as n`)) as unknown;
    const rowsOf = (r: unknown) => ((r as { rows?: { n: number }[] }).rows ?? (r as { n: number }[]))[0]!.n;
    expect(rowsOf(await next(target.db))).toBe(rowsOf(await next(source.db)));
  });

  it('refuses a backup made at another migration level, naming both levels', async () => {
    const lines = gunzipSync(readFileSync(file)).toString().split('\n');
    const header = JSON.parse(lines[0]!);
    const at = (when: number, name: string) => {
      const other = path.join(dir, name);
      writeFileSync(
        other,
        gzipSync([JSON.stringify({ ...header, migration: { when, tag: null } }), ...lines.slice(1)].join('\n')),
      );
      return other;
    };
    await expect(
      restoreBackup({
        db: target.db,
        engine: kind,
        file: at(header.migration.when + 1, 'newer.jsonl.gz'),
        replace: true,
      }),
    ).rejects.toThrow(
      /^newer\.jsonl\.gz was made by a newer Shirase \(an unknown migration of .*\); this one is at migration 0011_operators: upgrade Shirase, then restore\.$/,
    );
    await expect(
      restoreBackup({ db: target.db, engine: kind, file: at(1_796_114_829_918, 'older.jsonl.gz'), replace: true }),
    ).rejects.toThrow(
      /^older\.jsonl\.gz was made at migration 0010_notify_lookup_indexes, and this database is at migration 0011_operators: restore it with the Shirase version that made it/,
    );
  });

  it('refuses to restore over data without --replace, and with it replaces everything, the append-only audit log included', async () => {
    await expect(restoreBackup({ db: target.db, engine: kind, file, replace: false })).rejects.toThrow(
      /already holds data .*restore with --replace/,
    );
    await target.db.execute(
      sql`insert into webhooks (id, url, secret, created_at) values ('extra', 'https://x.example', 's', now())`,
    );
    await restoreBackup({ db: target.db, engine: kind, file, replace: true });
    const after = await everyRow(target.db);
    expect(after.webhooks).toEqual(before.webhooks);
    expect(after.audit_log).toEqual(before.audit_log);
    // The trigger is back on: the audit log still refuses a delete.
    await expect(target.db.execute(sql`delete from audit_log`)).rejects.toThrow();
  });

  it('leaves the database as it was when a restore fails part-way (a row its constraints refuse)', async () => {
    // A well-formed file, checksums and all, whose last delivery names an event that is not in it.
    const lines = gunzipSync(readFileSync(file)).toString().trimEnd().split('\n');
    const at = lines.findIndex((l) => l.startsWith('{"id": "d1"'));
    lines[at] = lines[at]!.replace('"event_id": "e1"', '"event_id": "missing"');
    const end = JSON.parse(lines.at(-1)!);
    const start = lines.indexOf('{"table":"deliveries"}');
    let rows = start + 1;
    while (!lines[rows]!.startsWith('{"table":') && !lines[rows]!.startsWith('{"end":')) rows += 1;
    end.end.tables.deliveries.sha256 = createHash('sha256')
      .update(
        lines
          .slice(start + 1, rows)
          .map((l) => `${l}\n`)
          .join(''),
      )
      .digest('hex');
    lines[lines.length - 1] = JSON.stringify(end);
    const forged = path.join(dir, 'forged.jsonl.gz');
    writeFileSync(forged, gzipSync(`${lines.join('\n')}\n`));
    const failed = await restoreBackup({ db: target.db, engine: kind, file: forged, replace: true }).catch(
      (err: Error) => err,
    );
    expect((failed as Error).message).toMatch(
      /^forged\.jsonl\.gz could not be loaded into deliveries \(insert or update on table "deliveries" violates foreign key constraint "deliveries_event_id_notification_events_id_fk"\); nothing was changed\.$/,
    );
    expect(await everyRow(target.db)).toEqual(before);
    await expect(target.db.execute(sql`delete from audit_log`)).rejects.toThrow();
  });

  // The way to move from the embedded database to PostgreSQL: the same file, the other engine.
  it.skipIf(kind !== 'pglite' || !inject('postgresUrl'))(
    'restores into PostgreSQL with every row of every table equal',
    async () => {
      const postgres = await openTestDatabase('postgres');
      try {
        await restoreBackup({ db: postgres.db, engine: 'postgres', file, replace: false });
        expect(await everyRow(postgres.db)).toEqual(before);
      } finally {
        await postgres.close();
      }
    },
  );
});
