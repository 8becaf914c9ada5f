import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { mailChannel } from '../../api/notify/mail/channel.ts';
import { createMailTransport } from '../../api/notify/mail/transport.ts';
import { createOutbox } from '../../api/notify/outbox/worker.ts';
import { loadSiteModel } from '../../api/core/queries/site-model.ts';
import { mailConfigFromEnv } from '../../api/server/mail-config.ts';
import { apiFor, json } from '../support/api.ts';
import { describeEachDatabase } from '../support/db.ts';
import { settingsFrom } from '../support/settings.ts';

/** A real SMTP server on loopback keeps what it is sent, parsed. */
const received: ParsedMail[] = [];
const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  logger: false,
  onData(stream, _session, callback) {
    simpleParser(stream).then((mail) => {
      received.push(mail);
      callback(null, 'Queued');
    }, callback);
  },
});
let port = 0;
beforeAll(async () => {
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  port = (smtp.server.address() as AddressInfo).port;
});
afterAll(async () => {
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
});

describeEachDatabase('an incident posted through the API reaches a registered contact by e-mail', ({ database }) => {
  beforeEach(async () => {
    received.length = 0;
    await database().db.execute(sql`TRUNCATE contacts, subscribers, webhooks, notification_events, deliveries CASCADE`);
  });

  it('arrives at the SMTP server in the contact’s language, once', async () => {
    const now = new Date('2026-11-28T10:00:00+09:00');
    const api = apiFor(database(), { now });
    const settings = settingsFrom();
    const component = await json(api.post('/api/v1/components', { name: '請求書', name_en: 'Invoices' }));
    await api.post('/api/v1/contacts', { email: 'ja@example.jp', language: 'ja', components: [component.id] });
    await api.post('/api/v1/contacts', { email: 'en@example.com', language: 'en' });
    const res = await api.post('/api/v1/incidents', {
      name: '請求書の送信遅延',
      name_en: 'Invoice delivery delayed',
      body: '調査中です。',
      body_en: 'We are investigating.',
      components: { [component.id]: 'major_outage' },
    });
    expect(res.status).toBe(201);

    const transport = createMailTransport(mailConfigFromEnv({ SMTP_URL: `smtp://127.0.0.1:${port}` }, 'memory'), {
      now: () => now,
    });
    const email = mailChannel({
      transport,
      context: async () => {
        const model = await loadSiteModel({ db: database().db, now });
        return { settings, components: model.components, indicator: model.indicator };
      },
      subscriberLinks: () => {
        throw new Error('no subscribers in this test');
      },
    });
    const none = { deliver: async () => ({ outcome: 'permanent' as const, detail: 'no webhooks here' }) };
    const outbox = createOutbox({ db: database().db, now: () => now, channels: { email, webhook: none } });
    try {
      expect(await outbox.drain()).toMatchObject({ fannedOut: 1, delivered: 2 });
      expect(await outbox.drain()).toMatchObject({ attempted: 0 });
    } finally {
      transport.close();
    }
    const to = (m: ParsedMail) => (Array.isArray(m.to) ? m.to[0] : m.to)?.value[0]?.address;
    expect(received.map(to).sort()).toEqual(['en@example.com', 'ja@example.jp']);
    expect(received.find((m) => to(m) === 'ja@example.jp')!.subject).toContain('請求書の送信遅延');
    expect(received.find((m) => to(m) === 'en@example.com')!.subject).toContain('Invoice delivery delayed');
  });
});
