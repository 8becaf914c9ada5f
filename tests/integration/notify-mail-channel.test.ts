import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { afterAll, expect, test } from 'vitest';
import { mailChannel } from '../../api/notify/mail/channel.ts';
import type { Recipient } from '../../api/notify/outbox/types.ts';
import { createMailTransport } from '../../api/notify/mail/transport.ts';
import { mailConfigFromEnv } from '../../api/server/mail-config.ts';
import { CONTEXT, event } from '../unit/notify-mail-fixtures.ts';

const dataDir = mkdtempSync(path.join(tmpdir(), 'shirase-mail-channel-'));
const outbox = path.join(dataDir, 'outbox');
const transport = createMailTransport(mailConfigFromEnv({}, dataDir));
afterAll(() => {
  transport.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const channel = mailChannel({
  transport,
  context: () => CONTEXT,
  subscriberLinks: (s) => ({
    manageUrl: `https://status.example.jp/subscribe/manage/?id=${s.id}`,
    unsubscribeUrl: `https://status.example.jp/api/v1/subscriptions/${s.id}/unsubscribe`,
  }),
});

/** An e-mail recipient as the outbox hands it over: a Japanese contact unless told otherwise. */
const emailTo = (fields: Partial<Extract<Recipient, { channel: 'email' }>> = {}): Recipient => ({
  channel: 'email',
  kind: 'contact',
  id: 'ct_1',
  address: 'admin@customer.example',
  name: null,
  language: 'ja',
  ...fields,
});

/** The one message the outbox holds whose Message-ID names `eventId`. */
async function written(eventId: string) {
  const files = readdirSync(outbox).filter((f) =>
    readFileSync(path.join(outbox, f), 'latin1').includes(`<${eventId}.`),
  );
  expect(files).toHaveLength(1);
  return simpleParser(readFileSync(path.join(outbox, files[0]!)));
}

test('the outbox’s e-mail channel sends a contact the message in their language, and a subscriber theirs with the links', async () => {
  const e = event('incident.created', undefined, 'evt_channel_1');
  const contact = await channel.deliver(e, emailTo({ name: '山田 太郎' }));
  expect(contact).toEqual({
    outcome: 'delivered',
    detail: expect.stringMatching(/^written to .*\.eml \(Message-ID <evt_channel_1\./),
  });
  const e2 = event('incident.resolved', undefined, 'evt_channel_2');
  const subscriber = await channel.deliver(
    e2,
    emailTo({ kind: 'subscriber', id: 'sub_7', address: 'reader@customer.example', language: 'en' }),
  );
  expect(subscriber.outcome).toBe('delivered');

  const ja = await written('evt_channel_1');
  expect(ja.subject).toBe('【障害発生】請求書の発行ができない');
  expect(ja.text).toContain('登録連絡先');
  const en = await written('evt_channel_2');
  expect(en.subject).toBe('[Resolved] Invoices cannot be issued');
  expect(en.text).toContain('Unsubscribe: https://status.example.jp/api/v1/subscriptions/sub_7/unsubscribe');
  expect(en.text).toContain('Manage your subscription: https://status.example.jp/subscribe/manage/?id=sub_7');
});

test('a webhook endpoint handed to the e-mail channel fails for good, and a context it cannot have now is tried again later', async () => {
  const webhook = await channel.deliver(event('incident.created'), {
    channel: 'webhook',
    kind: 'webhook',
    id: 'wh_1',
    address: 'https://hooks.example/',
    language: 'ja',
    format: 'statuspage',
    secret: 'whsec_x',
  });
  expect(webhook).toEqual({ outcome: 'permanent', detail: 'not an e-mail recipient: webhook' });
  const unready = mailChannel({
    transport,
    context: () => Promise.reject(new Error('database unavailable')),
    subscriberLinks: () => ({ manageUrl: '', unsubscribeUrl: '' }),
  });
  const result = await unready.deliver(event('incident.created'), emailTo());
  expect(result).toEqual({ outcome: 'temporary', detail: 'the message could not be made: database unavailable' });
});
