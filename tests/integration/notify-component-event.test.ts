import { eq, sql } from 'drizzle-orm';
import { beforeEach, expect, it } from 'vitest';
import { enqueueComponentEvent } from '../../api/notify/outbox/command-events.ts';
import { notificationEvents } from '../../db/schema/index.ts';
import { apiFor, json } from '../support/api.ts';
import { describeEachDatabase } from '../support/db.ts';

const T0 = new Date('2026-11-28T10:00:00+09:00');

describeEachDatabase("a component's status change as an event", ({ database }) => {
  beforeEach(async () => {
    await database().db.execute(
      sql`TRUNCATE incidents, maintenances, notices, contacts, subscribers, webhooks, notification_events, deliveries CASCADE`,
    );
  });

  async function history() {
    const api = apiFor(database(), { now: T0 });
    const a = (await json(api.post('/api/v1/components', { name: '請求書' }))).id as string;
    // A resolved outage says nothing any more; the open one still shows.
    const old = await json(
      api.post('/api/v1/incidents', { name: '過去', body: '停止', components: { [a]: 'major_outage' } }),
    );
    await api.post(`/api/v1/incidents/${old.id}/updates`, { status: 'resolved', body: '復旧しました。' });
    await api.post('/api/v1/incidents', { name: '遅延', body: '調査中', components: { [a]: 'partial_outage' } });
    return { api, a };
  }

  it('carries the status the page shows: the worse of the manual one and the open incidents, not the resolved ones', async () => {
    const { api, a } = await history();
    expect((await api.patch(`/api/v1/components/${a}`, { status: 'degraded_performance' })).status).toBe(200);
    const [event] = await database()
      .db.select()
      .from(notificationEvents)
      .where(eq(notificationEvents.kind, 'component.status_changed'));
    expect(event?.subject).toMatchObject({
      type: 'component',
      oldStatus: 'operational',
      newStatus: 'degraded_performance',
      component: { id: a, status: 'partial_outage', manualStatus: 'degraded_performance' },
    });
  });

  it('reads the component and the open incidents only, not the whole site model (no maintenance or notice table)', async () => {
    const { a } = await history();
    const tables = await database().db.transaction(async (tx) => {
      // This transaction's own table scans, which other sessions' do not blur: the difference made by the call.
      const scans = async () => {
        const result = await tx.execute(sql`SELECT relname, coalesce(seq_scan, 0) + coalesce(idx_scan, 0) AS n
          FROM pg_stat_xact_user_tables`);
        const rows = (result as unknown as { rows?: { relname: string; n: number }[] }).rows ?? [];
        return new Map(rows.map((r) => [r.relname, Number(r.n)]));
      };
      const before = await scans();
      await enqueueComponentEvent(tx, { now: T0, componentId: a, oldStatus: 'operational', newStatus: 'major_outage' });
      const after = await scans();
      return [...after].filter(([t, n]) => n > (before.get(t) ?? 0)).map(([t]) => t);
    });
    expect(tables).toContain('components');
    expect(tables).not.toContain('maintenances');
    expect(tables).not.toContain('notices');
    expect(tables).not.toContain('component_groups');
  });
});
