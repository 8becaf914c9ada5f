import { sql } from 'drizzle-orm';
import { beforeEach, expect, it } from 'vitest';
import { DEFAULT_CLOCK_EVENTS, enqueueClockEvents } from '../../api/notify/outbox/clock-events.ts';
import { notificationEvents } from '../../db/schema/index.ts';
import { apiFor, json } from '../support/api.ts';
import { describeEachDatabase } from '../support/db.ts';

const T0 = new Date('2026-11-28T10:00:00+09:00');
const at = (iso: string) => new Date(`${iso}+09:00`);

describeEachDatabase('what the clock tells', ({ database }) => {
  beforeEach(async () => {
    await database().db.execute(sql`TRUNCATE contacts, subscribers, webhooks, notification_events, deliveries CASCADE`);
  });

  const events = async () =>
    (
      await database()
        .db.select()
        .from(notificationEvents)
        .orderBy(notificationEvents.occurredAt, notificationEvents.id)
    ).map((e) => ({ kind: e.kind, subject: e.subject as Record<string, unknown> }));
  /** Runs the clock job twice at each moment: a restart, or a second instance, adds nothing. */
  const tick = async (now: Date) => {
    const added = await enqueueClockEvents(database().db, now);
    expect(await enqueueClockEvents(database().db, now)).toBe(0);
    return added;
  };

  async function maintenance(api: ReturnType<typeof apiFor>, from: string, until: string) {
    const component = await json(api.post('/api/v1/components', { name: '請求書' }));
    const res = await api.post('/api/v1/maintenances', {
      title: 'DB移行',
      body: '移行します。',
      components: [component.id],
      scheduled_for: `${from}+09:00`,
      scheduled_until: `${until}+09:00`,
      short_notice: { reason: '緊急対応' },
    });
    expect(res.status).toBe(201);
    return (await res.json()).id as string;
  }

  it('reminds 7 days and 1 day before a maintenance, then tells its start and its end, each once', async () => {
    const api = apiFor(database(), { now: T0 });
    await maintenance(api, '2026-12-20T02:00:00', '2026-12-20T04:00:00');
    expect(await tick(at('2026-12-13T01:59:00'))).toBe(0);
    expect(await tick(at('2026-12-13T02:00:00'))).toBe(1);
    expect(await tick(at('2026-12-15T12:00:00'))).toBe(0);
    expect(await tick(at('2026-12-19T02:05:00'))).toBe(1);
    expect(await tick(at('2026-12-20T02:01:00'))).toBe(1);
    expect(await tick(at('2026-12-20T04:01:00'))).toBe(1);
    const told = await events();
    expect(told.map((e) => e.kind)).toEqual([
      'maintenance.announced',
      'maintenance.reminder',
      'maintenance.reminder',
      'maintenance.started',
      'maintenance.completed',
    ]);
    expect(told.slice(1, 3).map((e) => e.subject.reminderMinutes)).toEqual([7 * 1440, 1440]);
  });

  it('gives a maintenance announced 2 days ahead its 1-day reminder only, none from before the announcement', async () => {
    const api = apiFor(database(), { now: T0 });
    await maintenance(api, '2026-11-30T10:00:00', '2026-11-30T12:00:00'); // 2 days ahead
    expect(await tick(at('2026-11-28T10:05:00'))).toBe(0);
    expect(await tick(at('2026-11-29T10:30:00'))).toBe(1);
    expect((await events()).at(-1)!.subject.reminderMinutes).toBe(1440);
  });

  it('does not complete a second time a maintenance an operator finished early', async () => {
    const api = apiFor(database(), { now: T0 });
    const id = await maintenance(api, '2026-11-28T10:30:00', '2026-11-28T12:00:00');
    api.setNow(at('2026-11-28T11:00:00'));
    expect((await api.post(`/api/v1/maintenances/${id}/finish`, {})).status).toBe(200);
    await tick(at('2026-11-28T12:01:00'));
    expect((await events()).filter((e) => e.kind === 'maintenance.completed')).toHaveLength(1);
  });

  it('tells nothing of windows that ended before the catch-up limit (a first start on old history)', async () => {
    const api = apiFor(database(), { now: T0 });
    await maintenance(api, '2026-11-28T11:00:00', '2026-11-28T12:00:00');
    await tick(at('2026-12-05T00:00:00'));
    expect((await events()).map((e) => e.kind)).toEqual(['maintenance.announced']);
  });

  it('alerts the operators before an incident’s update is late, once per promised time', async () => {
    const api = apiFor(database(), { now: T0 });
    const component = await json(api.post('/api/v1/components', { name: '請求書' }));
    const incident = await json(
      api.post('/api/v1/incidents', { name: '障害', body: '調査中', components: { [component.id]: 'major_outage' } }),
    );
    const lead = DEFAULT_CLOCK_EVENTS.overdueLeadMinutes;
    expect(await tick(new Date(T0.getTime() + (30 - lead - 1) * 60_000))).toBe(0);
    expect(await tick(new Date(T0.getTime() + (30 - lead) * 60_000))).toBe(1);
    expect(await tick(new Date(T0.getTime() + 40 * 60_000))).toBe(0);
    const alert = (await events()).at(-1)!;
    expect(alert.kind).toBe('incident.update_overdue');
    expect(alert.subject).toMatchObject({
      incident: { id: incident.id },
      dueAt: { $date: new Date(T0.getTime() + 1800_000).toISOString() },
    });
    // Once resolved, nothing is due.
    api.setNow(new Date(T0.getTime() + 41 * 60_000));
    await api.post(`/api/v1/incidents/${incident.id}/updates`, { status: 'resolved', body: '復旧しました。' });
    expect(await tick(new Date(T0.getTime() + 120 * 60_000))).toBe(0);
  });
});
