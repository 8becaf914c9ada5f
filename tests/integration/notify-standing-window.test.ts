import { like, sql } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { ensureStandingWindowOccurrences } from '../../api/core/commands/ensure-standing-window.ts';
import { DEFAULT_STANDING_WINDOW, LEAD_TIME_POLICY } from '../../api/core/maintenance/index.ts';
import { notificationEvents } from '../../db/schema/index.ts';
import { apiFor, json } from '../support/api.ts';
import { describeEachDatabase } from '../support/db.ts';

const INSTALLED = new Date('2026-11-28T10:00:00+09:00');

describeEachDatabase('the standing window’s occurrences in the notification outbox', ({ database }) => {
  it('announces an occurrence that enters the horizon a month after install, and none of those the first install stored', async () => {
    const { db } = database();
    await db.execute(sql`TRUNCATE notification_events CASCADE`);
    await json(apiFor(database(), { now: INSTALLED }).post('/api/v1/components', { name: '請求書' }));
    const ensure = (now: Date) =>
      ensureStandingWindowOccurrences({ db, now, config: DEFAULT_STANDING_WINDOW, policy: LEAD_TIME_POLICY });
    const events = async () =>
      (
        await db
          .select({ id: notificationEvents.id, kind: notificationEvents.kind, subject: notificationEvents.subject })
          .from(notificationEvents)
          .where(like(notificationEvents.kind, 'maintenance.%'))
          .orderBy(notificationEvents.id)
      ).map((e) => ({
        id: e.id,
        kind: e.kind,
        maintenance: (e.subject as { maintenance: { id: string } }).maintenance.id,
      }));

    expect((await ensure(INSTALLED)).inserted).toHaveLength(7);
    expect(await events()).toEqual([]);

    const later = await ensure(new Date('2026-12-28T10:00:00+09:00'));
    expect(later.inserted).toEqual(['monthly20270721']);
    expect(await events()).toEqual([
      { id: 'maintenance.announced:monthly20270721:0', kind: 'maintenance.announced', maintenance: 'monthly20270721' },
    ]);
    // Run again: the occurrence is stored, and its event is not doubled.
    expect((await ensure(new Date('2026-12-28T11:00:00+09:00'))).inserted).toEqual([]);
    expect(await events()).toHaveLength(1);
  });
});
