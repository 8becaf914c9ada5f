import { sql } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { openDatabase } from '../../db/client.ts';
import { maintenances } from '../../db/schema/index.ts';

it('clears the short-notice flag a first install put on standing-window occurrences, and keeps a late run’s and an ad-hoc one’s', async () => {
  const database = await openDatabase({ kind: 'pglite', dataDir: null });
  try {
    await database.migrate();
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
    // Stored as by the code before this migration: forget that it ran, and migrate again.
    await database.db.execute(
      sql`delete from drizzle.__drizzle_migrations where created_at = (select max(created_at) from drizzle.__drizzle_migrations)`,
    );
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
  }
});
