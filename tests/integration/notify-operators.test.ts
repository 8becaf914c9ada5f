import { sql } from 'drizzle-orm';
import { beforeEach, expect, it } from 'vitest';
import { DEFAULT_CLOCK_EVENTS } from '../../api/notify/outbox/clock-events.ts';
import { createOutbox } from '../../api/notify/outbox/worker.ts';
import { createOperator, updateOperator } from '../../api/operators/operators.ts';
import { loadConfig } from '../../api/server/config.ts';
import { subscribers } from '../../db/schema/index.ts';
import { apiFor, json } from '../support/api.ts';
import { describeEachDatabase } from '../support/db.ts';
import { recordingChannels } from '../support/notify-channels.ts';

const T0 = new Date('2026-11-28T10:00:00+09:00');

describeEachDatabase('the operators on duty (OPERATOR_EMAILS)', ({ database }) => {
  beforeEach(async () => {
    await database().db.execute(
      sql`TRUNCATE contacts, subscribers, webhooks, notification_events, deliveries, operators CASCADE`,
    );
  });

  it('hear of an overdue update by e-mail, as webhooks do; customers’ contacts and subscribers never do', async () => {
    let now = T0;
    const api = apiFor(database(), { now });
    const a = (await json(api.post('/api/v1/components', { name: '請求書' }))).id as string;
    await api.post('/api/v1/contacts', { email: 'customer@example.jp', language: 'ja' });
    await api.post('/api/v1/webhooks', { url: 'https://ops.example.jp/hook' });
    await database()
      .db.insert(subscribers)
      .values({ id: 'reader', email: 'reader@example.jp', language: 'ja', createdAt: T0, confirmedAt: T0 });
    await api.post('/api/v1/incidents', { name: '障害', body: '調査中', components: { [a]: 'major_outage' } });
    const { channels, sent } = recordingChannels();
    const { notify } = loadConfig({ DATA_DIR: 'memory', OPERATOR_EMAILS: ' Duty@Example.jp, oncall@example.jp ' });
    const outbox = createOutbox({
      db: database().db,
      now: () => now,
      channels,
      clock: DEFAULT_CLOCK_EVENTS,
      operatorEmails: notify.operatorEmails,
    });
    await outbox.drain();
    // The operators hear nothing of the incident itself: only its overdue alert is theirs.
    expect(sent.filter((s) => s.address.includes('duty') || s.address.includes('oncall'))).toEqual([]);
    now = new Date(T0.getTime() + 26 * 60_000);
    await outbox.drain();
    const overdue = sent.filter((s) => s.kind === 'incident.update_overdue');
    expect(overdue.map((s) => `${s.channel} ${s.address}`).sort()).toEqual([
      'email duty@example.jp',
      'email oncall@example.jp',
      'webhook https://ops.example.jp/hook',
    ]);
    // Once each, the next drain sending nothing again.
    await outbox.drain();
    expect(sent.filter((s) => s.kind === 'incident.update_overdue')).toHaveLength(3);
  });

  it('hear of it also as operator accounts: an enabled admin or operator does, a viewer or a disabled account does not, and an address in both is told once', async () => {
    let now = T0;
    const api = apiFor(database(), { now });
    const a = (await json(api.post('/api/v1/components', { name: '請求書' }))).id as string;
    // Posted while ADMIN_TOKEN still works: it is refused once an admin account exists.
    await api.post('/api/v1/incidents', { name: '障害', body: '調査中', components: { [a]: 'major_outage' } });
    const cli = { operatorId: null, email: 'cli', via: 'cli', ip: null } as const;
    const make = (email: string, role: 'admin' | 'operator' | 'viewer') =>
      createOperator({ db: database().db, now, input: { email, role }, actor: cli });
    await make('lead@example.jp', 'admin');
    await make('Duty@Example.jp', 'operator');
    await make('reader@example.jp', 'viewer');
    const gone = await make('former@example.jp', 'operator');
    await updateOperator({ db: database().db, now, who: { id: gone.id }, input: { disabled: true }, actor: cli });
    const { channels, sent } = recordingChannels();
    const outbox = createOutbox({
      db: database().db,
      now: () => now,
      channels,
      clock: DEFAULT_CLOCK_EVENTS,
      operatorEmails: ['duty@example.jp'],
    });
    await outbox.drain();
    now = new Date(T0.getTime() + 26 * 60_000);
    await outbox.drain();
    const overdue = sent.filter((s) => s.kind === 'incident.update_overdue');
    expect(overdue.map((s) => `${s.channel} ${s.address}`).sort()).toEqual([
      'email duty@example.jp',
      'email lead@example.jp',
    ]);
  });
});

it('refuses an OPERATOR_EMAILS entry that is not an address, naming the variable and the entry', () => {
  expect(() => loadConfig({ DATA_DIR: 'memory', OPERATOR_EMAILS: 'duty@example.jp,not-an-address' })).toThrow(
    /OPERATOR_EMAILS must be e-mail addresses .*"not-an-address" is not one/,
  );
  expect(loadConfig({ DATA_DIR: 'memory' }).notify.operatorEmails).toEqual([]);
});
