import { sql } from 'drizzle-orm';
import { beforeEach, expect, it } from 'vitest';
import { createOutbox } from '../../api/notify/outbox/worker.ts';
import { subscribers } from '../../db/schema/index.ts';
import { apiFor, json } from '../support/api.ts';
import { describeEachDatabase } from '../support/db.ts';
import { recordingChannels } from '../support/notify-channels.ts';

const T0 = new Date('2026-11-28T10:00:00+09:00');

describeEachDatabase('the outbox worker between batches', ({ database }) => {
  beforeEach(async () => {
    await database().db.execute(sql`TRUNCATE contacts, subscribers, webhooks, notification_events, deliveries CASCADE`);
  });

  it('ends its drain after the batch under way when stopped, instead of sending to everyone first', async () => {
    const api = apiFor(database(), { now: T0 });
    const a = (await json(api.post('/api/v1/components', { name: '請求書' }))).id as string;
    for (let i = 0; i < 20; i++) await api.post('/api/v1/contacts', { email: `c${i}@example.jp`, language: 'ja' });
    await api.post('/api/v1/incidents', { name: '障害', body: '調査中', components: { [a]: 'major_outage' } });
    let stopping: Promise<void> | undefined;
    const { channels, sent } = recordingChannels(() => {
      // The shutdown arrives while the first batch is being sent.
      stopping ??= outbox.stop();
      return { outcome: 'delivered', detail: '250 OK' };
    });
    const outbox = createOutbox({ db: database().db, now: () => T0, channels, batchSize: 5 });
    outbox.start(3_600_000);
    await expect.poll(() => stopping !== undefined, { timeout: 10_000 }).toBe(true);
    await stopping;
    expect(sent).toHaveLength(5);
    // What was not sent waits for the next worker.
    const report = await createOutbox({ db: database().db, now: () => T0, channels }).drain();
    expect(report.delivered).toBe(15);
  });

  it('deletes unconfirmed sign-ups past their expiry when it drains, and keeps the others', async () => {
    const row = (id: string, extra: Partial<typeof subscribers.$inferInsert>) => ({
      id,
      email: `${id}@example.jp`,
      language: 'ja' as const,
      createdAt: new Date(T0.getTime() - 2 * 86_400_000),
      ...extra,
    });
    await database()
      .db.insert(subscribers)
      .values([
        row('expired', { expiresAt: new Date(T0.getTime() - 1) }),
        row('pending', { expiresAt: new Date(T0.getTime() + 3_600_000) }),
        row('confirmed', { confirmedAt: T0 }),
      ]);
    const { channels } = recordingChannels();
    await createOutbox({ db: database().db, now: () => T0, channels }).drain();
    const left = await database().db.select({ id: subscribers.id }).from(subscribers).orderBy(subscribers.id);
    expect(left.map((s) => s.id)).toEqual(['confirmed', 'pending']);
  });
});
