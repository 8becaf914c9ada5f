import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { PgliteDatabase } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import { expect, it } from 'vitest';
import { MIGRATIONS_FOLDER, openDatabase } from '../../db/client.ts';
import { maintenances } from '../../db/schema/index.ts';

/** The migrations as they were before `tag`: a copy of the folder whose journal stops there. */
function migrationsBefore(tag: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'shirase-migrations-'));
  cpSync(MIGRATIONS_FOLDER, dir, { recursive: true });
  const file = path.join(dir, 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(file, 'utf8')) as { entries: { tag: string }[] };
  journal.entries = journal.entries.filter((e) => e.tag < tag);
  writeFileSync(file, JSON.stringify(journal));
  return dir;
}

it('clears the short-notice flag a first install put on standing-window occurrences, and keeps a late run’s and an ad-hoc one’s', async () => {
  const database = await openDatabase({ kind: 'pglite', dataDir: null });
  const before = migrationsBefore('0006_first_install_not_short');
  try {
    // Stored as by the code before this migration.
    await migrate(database.db as unknown as PgliteDatabase, { migrationsFolder: before });
    const at = new Date('2026-11-28T01:00:00Z');
    const row = (id: string, seriesId: string | null, reason: string | null) => ({
      id,
      seriesId,
      occurrenceKey: seriesId ? id : null,
      title: '定期メンテナンス',
      body: '',
      scheduledFor: new Date('2026-12-15T17:00:00Z'),
      scheduledUntil: new Date('2026-12-15T19:00:00Z'),
      announcedAt: at,
      shortNotice: reason !== null,
      shortNoticeReason: reason,
      createdAt: at,
      updatedAt: at,
    });
    await database.db
      .insert(maintenances)
      .values([
        row('monthly20261216', 'monthly', '初回設定時に自動登録'),
        row('monthly20270120', 'monthly', '定期メンテナンスの自動登録が遅れたため'),
        row('adhoc', null, '初回設定時に自動登録'),
      ]);
    await database.migrate();
    const after = await database.db
      .select({ id: maintenances.id, short: maintenances.shortNotice, reason: maintenances.shortNoticeReason })
      .from(maintenances)
      .orderBy(maintenances.id);
    expect(after).toEqual([
      { id: 'adhoc', short: true, reason: '初回設定時に自動登録' },
      { id: 'monthly20261216', short: false, reason: null },
      { id: 'monthly20270120', short: true, reason: '定期メンテナンスの自動登録が遅れたため' },
    ]);
  } finally {
    await database.close();
    rmSync(before, { recursive: true, force: true });
  }
});
