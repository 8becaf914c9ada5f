import { sql } from 'drizzle-orm';
import { beforeEach, expect, it, vi } from 'vitest';
import { createOutbox } from '../../api/notify/outbox/worker.ts';
import { notificationEvents, subscribers } from '../../db/schema/index.ts';
import { DEFAULT_CLOCK_EVENTS } from '../../api/notify/outbox/clock-events.ts';
import { apiFor, json } from '../support/api.ts';
import { describeEachDatabase } from '../support/db.ts';
import { recordingChannels } from '../support/notify-channels.ts';

const T0 = new Date('2026-11-28T10:00:00+09:00');
const RETRY = { maxAttempts: 3, baseDelayMs: 1000, maxDelayMs: 60_000, quarantineAfter: 10 };

describeEachDatabase('the notification outbox', ({ database }) => {
  beforeEach(async () => {
    await database().db.execute(sql`TRUNCATE contacts, subscribers, webhooks, notification_events, deliveries CASCADE`);
  });

  async function setUp() {
    let now = T0;
    const api = apiFor(database(), { now });
    const clock = {
      now: () => now,
      set: (at: Date) => {
        now = at;
        api.setNow(at);
      },
    };
    const a = (await json(api.post('/api/v1/components', { name: '請求書' }))).id as string;
    const b = (await json(api.post('/api/v1/components', { name: '受発注' }))).id as string;
    return { api, clock, a, b };
  }

  const events = () => database().db.select().from(notificationEvents).orderBy(notificationEvents.occurredAt);

  it('records exactly one event with the incident as it was posted, and one per later update', async () => {
    const { api, clock, a } = await setUp();
    const created = await json(
      api.post('/api/v1/incidents', {
        name: '請求書の送信遅延',
        body: '調査中です。',
        components: { [a]: 'major_outage' },
      }),
    );
    clock.set(new Date(T0.getTime() + 600_000));
    await api.post(`/api/v1/incidents/${created.id}/updates`, { status: 'resolved', body: '復旧しました。' });
    const rows = await events();
    expect(rows.map((r) => r.kind)).toEqual(['incident.created', 'incident.resolved']);
    expect(rows[0]!.componentIds).toEqual([a]);
    // The first event's snapshot still says what was true then, not the resolution that followed.
    expect(rows[0]!.subject).toMatchObject({
      type: 'incident',
      incident: { id: created.id, name: '請求書の送信遅延', status: 'investigating' },
      update: { body: '調査中です。' },
    });
    expect(rows[1]!.subject).toMatchObject({ incident: { status: 'resolved' }, update: { body: '復旧しました。' } });
  });

  it('rolls the incident back with its event when the event cannot be written', async () => {
    const { api, a } = await setUp();
    await database().db.execute(
      sql`ALTER TABLE notification_events ADD CONSTRAINT test_refuse CHECK (kind <> 'incident.created')`,
    );
    try {
      const res = await api.post('/api/v1/incidents', {
        name: '障害',
        body: '調査中',
        components: { [a]: 'major_outage' },
      });
      expect(res.status).toBe(500);
      expect((await json(api.get('/api/v1/incidents'))).incidents).toEqual([]);
      expect(await events()).toEqual([]);
    } finally {
      await database().db.execute(sql`ALTER TABLE notification_events DROP CONSTRAINT test_refuse`);
    }
  });

  it('delivers an incident only to the recipients of its components, once each', async () => {
    const { api, clock, a, b } = await setUp();
    await api.post('/api/v1/contacts', { email: 'all@example.jp', language: 'ja' });
    await api.post('/api/v1/contacts', { email: 'billing@example.jp', language: 'en', components: [a] });
    await api.post('/api/v1/contacts', { email: 'orders@example.jp', language: 'ja', components: [b] });
    await api.post('/api/v1/webhooks', { url: 'https://hooks.example.jp/a', components: [a] });
    await api.post('/api/v1/webhooks', { url: 'https://hooks.example.jp/b', components: [b] });
    await api.post('/api/v1/incidents', { name: '障害', body: '調査中', components: { [a]: 'major_outage' } });
    const { channels, sent } = recordingChannels();
    const outbox = createOutbox({ db: database().db, now: clock.now, channels });
    expect(await outbox.drain()).toMatchObject({ fannedOut: 1, delivered: 3 });
    expect(sent.map((s) => s.address).sort()).toEqual([
      'all@example.jp',
      'billing@example.jp',
      'https://hooks.example.jp/a',
    ]);
    // A second drain, or a second fan-out of the same event, sends nothing more.
    await database().db.execute(sql`UPDATE notification_events SET fanned_out_at = NULL`);
    expect(await outbox.drain()).toMatchObject({ fannedOut: 1, attempted: 0 });
    expect(sent).toHaveLength(3);
    const record = await json(api.send('GET', '/api/v1/deliveries'));
    expect(record.deliveries).toHaveLength(3);
    expect(
      record.deliveries.every(
        (d: { status: string; attempts: number }) => d.status === 'delivered' && d.attempts === 1,
      ),
    ).toBe(true);
  });

  it('tells subscribers only once confirmed, and only of the components and kinds they chose', async () => {
    const { api, clock, a, b } = await setUp();
    const subscriber = (email: string, extra: Partial<typeof subscribers.$inferInsert>) => ({
      id: email.split('@')[0]!,
      email,
      language: 'ja' as const,
      createdAt: T0,
      confirmedAt: T0,
      ...extra,
    });
    await database()
      .db.insert(subscribers)
      .values([
        subscriber('everything@example.jp', {}),
        subscriber('unconfirmed@example.jp', { confirmedAt: null, expiresAt: new Date(T0.getTime() + 86_400_000) }),
        subscriber('orders@example.jp', { components: [b] }),
        subscriber('maintenance@example.jp', { kinds: ['maintenance'] }),
        subscriber('incidents@example.jp', { kinds: ['incidents', 'notices'], components: [a] }),
      ]);
    await api.post('/api/v1/incidents', { name: '障害', body: '調査中', components: { [a]: 'major_outage' } });
    const { channels, sent } = recordingChannels();
    await createOutbox({ db: database().db, now: clock.now, channels }).drain();
    expect(sent.map((s) => s.address).sort()).toEqual(['everything@example.jp', 'incidents@example.jp']);
  });

  it('alerts webhooks, not customers, when an incident update falls due', async () => {
    const { api, clock, a } = await setUp();
    await api.post('/api/v1/contacts', { email: 'customer@example.jp', language: 'ja' });
    await api.post('/api/v1/webhooks', { url: 'https://ops.example.jp/hook' });
    await api.post('/api/v1/incidents', { name: '障害', body: '調査中', components: { [a]: 'major_outage' } });
    const { channels, sent } = recordingChannels();
    const outbox = createOutbox({ db: database().db, now: clock.now, channels, clock: DEFAULT_CLOCK_EVENTS });
    await outbox.drain();
    clock.set(new Date(T0.getTime() + 26 * 60_000));
    await outbox.drain();
    expect(sent.filter((s) => s.kind === 'incident.update_overdue').map((s) => s.address)).toEqual([
      'https://ops.example.jp/hook',
    ]);
  });

  it('tells no one of an event more than a day old when the worker first sees it', async () => {
    const { api, clock, a } = await setUp();
    await api.post('/api/v1/incidents', { name: '古い障害', body: '調査中', components: { [a]: 'major_outage' } });
    await api.post('/api/v1/contacts', { email: 'later@example.jp', language: 'ja' });
    clock.set(new Date(T0.getTime() + 25 * 3600_000));
    const { channels, sent } = recordingChannels();
    expect(await createOutbox({ db: database().db, now: clock.now, channels }).drain()).toMatchObject({
      fannedOut: 1,
      attempted: 0,
    });
    expect(sent).toEqual([]);
  });

  it('closes a backlog of thousands of old events in one drain, telling no one, and still tells of a new one', async () => {
    const { api, clock, a } = await setUp();
    await api.post('/api/v1/contacts', { email: 'later@example.jp', language: 'ja' });
    // 6,001 events of a year ago, as an import or a long-stopped server leaves them: more than one bulk statement closes.
    await database().db.execute(sql`insert into notification_events (id, kind, occurred_at, subject, component_ids)
      select 'old-' || n, 'incident.created', ${new Date(T0.getTime() - 365 * 86_400_000).toISOString()}::timestamptz
        + n * interval '1 minute', '{}'::jsonb, array[${a}]::text[]
      from generate_series(1, 6001) as n`);
    clock.set(new Date(T0.getTime() + 60_000));
    await api.post('/api/v1/incidents', { name: '新しい障害', body: '調査中', components: { [a]: 'major_outage' } });
    const { channels, sent } = recordingChannels();
    expect(await createOutbox({ db: database().db, now: clock.now, channels }).drain()).toMatchObject({
      fannedOut: 6002,
      attempted: 1,
    });
    expect(sent.map((s) => [s.kind, s.address])).toEqual([['incident.created', 'later@example.jp']]);
    expect((await events()).filter((e) => e.fannedOutAt === null)).toEqual([]);
  });

  it('retries a temporary failure later and later, then quarantines an endpoint that fails for good', async () => {
    const { api, clock, a } = await setUp();
    const hook = await json(api.post('/api/v1/webhooks', { url: 'https://hooks.example.jp/x' }));
    await api.post('/api/v1/incidents', { name: '障害', body: '調査中', components: { [a]: 'major_outage' } });
    const answers = [
      { outcome: 'temporary', detail: '503 Service Unavailable' },
      { outcome: 'temporary', detail: '503 Service Unavailable' },
      { outcome: 'permanent', detail: '410 Gone' },
    ] as const;
    const { channels, sent } = recordingChannels(() => answers[sent.length - 1]!);
    const outbox = createOutbox({ db: database().db, now: clock.now, channels, retry: RETRY, random: () => 0.5 });
    const delivery = async () => (await json(api.send('GET', '/api/v1/deliveries'))).deliveries[0];

    await outbox.drain();
    // 1 s doubled per failure, with half of it jittered: 0.5 s + 0.5 × 0.5 s.
    expect(await delivery()).toMatchObject({ status: 'pending', attempts: 1, last_result: '503 Service Unavailable' });
    expect(new Date((await delivery()).next_attempt_at).getTime() - T0.getTime()).toBe(750);
    await outbox.drain();
    expect(sent).toHaveLength(1); // not due yet

    clock.set(new Date(T0.getTime() + 750));
    await outbox.drain();
    expect(await delivery()).toMatchObject({ status: 'pending', attempts: 2 });
    expect(new Date((await delivery()).next_attempt_at).getTime() - (T0.getTime() + 750)).toBe(1500);

    clock.set(new Date(T0.getTime() + 2250));
    await outbox.drain();
    expect(await delivery()).toMatchObject({ status: 'failed', attempts: 3, last_result: '410 Gone' });
    const [listed] = (await json(api.send('GET', '/api/v1/webhooks'))).webhooks;
    expect(listed).toMatchObject({ id: hook.id, consecutive_failures: 3 });
    expect(listed.quarantined_at).not.toBeNull();

    // A quarantined endpoint hears of nothing more.
    await api.post('/api/v1/incidents', { name: '別の障害', body: '調査中', components: { [a]: 'partial_outage' } });
    expect(await outbox.drain()).toMatchObject({ fannedOut: 1, attempted: 0 });
  });

  it('gives up after the last attempt and quarantines after too many failures in a row', async () => {
    const { api, clock, a } = await setUp();
    await api.post('/api/v1/contacts', { email: 'down@example.jp', language: 'ja' });
    await api.post('/api/v1/incidents', { name: '障害', body: '調査中', components: { [a]: 'major_outage' } });
    const { channels, sent } = recordingChannels(() => ({ outcome: 'temporary', detail: '421 try later' }));
    const retry = { ...RETRY, quarantineAfter: 3 };
    const outbox = createOutbox({ db: database().db, now: clock.now, channels, retry, random: () => 0 });
    for (let i = 0; i < 5; i++) {
      await outbox.drain();
      clock.set(new Date(clock.now().getTime() + 60_000));
    }
    expect(sent).toHaveLength(3);
    const [d] = (await json(api.send('GET', '/api/v1/deliveries?status=failed'))).deliveries;
    expect(d).toMatchObject({ status: 'failed', attempts: 3, recipient: { address: 'down@example.jp' } });
    const [contact] = (await json(api.send('GET', '/api/v1/contacts'))).contacts;
    expect(contact.quarantined_at).not.toBeNull();
  });

  it('counts only failures in a row: a delivery that gets through clears the count', async () => {
    const { api, clock, a } = await setUp();
    await api.post('/api/v1/contacts', { email: 'flaky@example.jp', language: 'ja' });
    await api.post('/api/v1/incidents', { name: '障害', body: '調査中', components: { [a]: 'major_outage' } });
    const { channels, sent } = recordingChannels(() =>
      sent.length === 1 ? { outcome: 'temporary', detail: '421 busy' } : { outcome: 'delivered', detail: '250 OK' },
    );
    const outbox = createOutbox({ db: database().db, now: clock.now, channels, retry: RETRY, random: () => 0 });
    await outbox.drain();
    expect((await json(api.send('GET', '/api/v1/contacts'))).contacts[0].consecutive_failures).toBe(1);
    clock.set(new Date(T0.getTime() + 60_000));
    await outbox.drain();
    const [contact] = (await json(api.send('GET', '/api/v1/contacts'))).contacts;
    expect(contact).toMatchObject({ consecutive_failures: 0, quarantined_at: null });
  });

  it('sends by itself once started, when woken after a write', async () => {
    const { api, clock, a } = await setUp();
    await api.post('/api/v1/contacts', { email: 'ops@example.jp', language: 'ja' });
    const { channels, sent } = recordingChannels();
    const outbox = createOutbox({ db: database().db, now: clock.now, channels });
    outbox.start(3_600_000);
    try {
      await api.post('/api/v1/incidents', { name: '障害', body: '調査中', components: { [a]: 'major_outage' } });
      outbox.wake();
      await vi.waitFor(() => expect(sent.map((s) => s.address)).toEqual(['ops@example.jp']), { timeout: 10_000 });
    } finally {
      await outbox.stop();
    }
  });

  it('lets two workers share the work without delivering one recipient an event twice', async () => {
    const { api, clock, a } = await setUp();
    for (let i = 0; i < 40; i++) await api.post('/api/v1/contacts', { email: `c${i}@example.jp`, language: 'ja' });
    await api.post('/api/v1/incidents', { name: '障害', body: '調査中', components: { [a]: 'major_outage' } });
    await api.post('/api/v1/incidents', {
      name: '別の障害',
      body: '調査中',
      components: { [a]: 'degraded_performance' },
    });
    const { channels, sent } = recordingChannels();
    const worker = () => createOutbox({ db: database().db, now: clock.now, channels, batchSize: 7, concurrency: 3 });
    const reports = await Promise.all([worker().drain(), worker().drain()]);
    expect(sent).toHaveLength(80);
    expect(new Set(sent.map((s) => `${s.eventId} ${s.address}`)).size).toBe(80);
    expect(reports[0]!.delivered + reports[1]!.delivered).toBe(80);
  });
});
