import { generateKeyPairSync } from 'node:crypto';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { dkimVerify } from 'mailauth';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { composeMail } from '../../api/notify/mail/compose.ts';
import type { MailMessage } from '../../api/notify/mail/message.ts';
import { createMailTransport, type MailTransport } from '../../api/notify/mail/transport.ts';
import { mailConfigFromEnv } from '../../api/server/mail-config.ts';
import { CONTACT, CONTEXT, event, incident, SUBSCRIBER } from '../unit/notify-mail-fixtures.ts';

/** A real SMTP server on loopback: `bounce@…` gets a 550 at RCPT TO, `later@…` a 451; the rest is kept. */
const received: { to: string[]; raw: Buffer }[] = [];
const smtp = new SMTPServer({
  authOptional: true,
  // Its built-in certificate is self-signed: the tests speak plain SMTP on loopback.
  disabledCommands: ['STARTTLS'],
  logger: false,
  onRcptTo(address, _session, callback) {
    const code = address.address.startsWith('bounce@') ? 550 : address.address.startsWith('later@') ? 451 : 0;
    if (!code) return callback();
    callback(
      Object.assign(new Error(code === 550 ? 'No such user here' : 'Mailbox busy, try later'), { responseCode: code }),
    );
  },
  onData(stream, session, callback) {
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', () => {
      received.push({ to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks) });
      callback(null, 'Queued as T1');
    });
  },
});
let port = 0;
const transports: MailTransport[] = [];

function transport(env: Record<string, string> = {}): MailTransport {
  const t = createMailTransport(mailConfigFromEnv({ SMTP_URL: `smtp://127.0.0.1:${port}`, ...env }, 'memory'));
  transports.push(t);
  return t;
}

/** Sends `message` and parses what the server received for it. */
async function deliver(message: MailMessage, t = transport()): Promise<{ parsed: ParsedMail; raw: Buffer }> {
  const result = await t.send(message);
  expect(result).toEqual({ outcome: 'delivered', detail: `250 Queued as T1 (Message-ID ${message.messageId})` });
  const got = received.find((r) => r.to.includes(message.to.address) && r.raw.includes(message.messageId));
  expect(got, 'the server received the message').toBeDefined();
  return { parsed: await simpleParser(got!.raw), raw: got!.raw };
}

const headerLine = (raw: Buffer, name: string) =>
  raw
    .toString()
    .split(/\r\n(?![ \t])/)
    .filter((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`))
    .map((l) => l.replace(/\r\n[ \t]+/g, ' '));

beforeAll(async () => {
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  port = (smtp.server.address() as AddressInfo).port;
});
afterAll(async () => {
  for (const t of transports) t.close();
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
});

describe('a contact’s message through a real SMTP server', () => {
  test('arrives with a Japanese subject encoded for transport, both parts, JST times and the Japanese page link', async () => {
    const message = composeMail(event('incident.created'), CONTEXT, CONTACT);
    const { parsed, raw } = await deliver(message);
    expect(parsed.subject).toBe('【障害発生】請求書の発行ができない');
    expect(headerLine(raw, 'Subject')[0]).toMatch(
      /^Subject: =\?UTF-8\?B\?[A-Za-z0-9+/=]+\?=( =\?UTF-8\?B\?[A-Za-z0-9+/=]+\?=)*$/,
    );
    expect(raw.toString('latin1')).toMatch(/^[\x00-\x7f]*$/);
    expect(parsed.from?.value).toEqual([{ name: 'Shirase', address: 'status@localhost' }]);
    expect(parsed.to && !Array.isArray(parsed.to) && parsed.to.value).toEqual([
      { name: '山田 太郎', address: 'admin@customer.example' },
    ]);
    expect(parsed.messageId).toBe(message.messageId);
    expect(parsed.date?.toISOString()).toBe('2026-12-01T07:24:00.000Z');
    expect(parsed.headers.get('auto-submitted')).toBe('auto-generated');
    expect(parsed.headers.get('content-language')).toBe('ja');
    expect(headerLine(raw, 'List-Unsubscribe')).toEqual([]);
    expect(headerLine(raw, 'List-Unsubscribe-Post')).toEqual([]);
    for (const part of [parsed.text, parsed.html || '']) {
      expect(part).toContain('2026年12月1日 16:24 日本時間');
      expect(part).toContain('https://status.example.jp/incidents/inc_1/');
      expect(part).toContain('support@example.jp');
    }
  });
});

describe('a subscriber’s message through a real SMTP server', () => {
  test('carries the one-click unsubscribe headers of RFC 8058 and is in English', async () => {
    const { parsed, raw } = await deliver(composeMail(event('maintenance.announced'), CONTEXT, SUBSCRIBER));
    expect(headerLine(raw, 'List-Unsubscribe')).toEqual([
      'List-Unsubscribe: <https://status.example.jp/api/v1/subscriptions/unsubscribe?token=tok_unsub>',
    ]);
    expect(headerLine(raw, 'List-Unsubscribe-Post')).toEqual(['List-Unsubscribe-Post: List-Unsubscribe=One-Click']);
    expect(parsed.subject).toBe('[Planned maintenance] Monthly scheduled maintenance');
    expect(parsed.text).toContain('Window: 16 Dec 2026, 02:00 JST – 16 Dec 2026, 04:00 JST');
    expect(parsed.html).toContain('href="https://status.example.jp/en/maintenance/mnt_1/"');
  });
});

describe('a hostile title (bad-inputs.md 4)', () => {
  test('with CR/LF adds no header to the message, and template syntax arrives as typed', async () => {
    const title = '障害\r\nBcc: victim@evil.example\r\nX-Injected: yes\n\n{{7*7}} <b>bold</b>';
    const { incident: i, update } = incident({ name: title }, {});
    const message = composeMail(
      event('incident.created', { type: 'incident', incident: i, update }, 'evt_hostile'),
      CONTEXT,
      CONTACT,
    );
    const { parsed, raw } = await deliver(message);
    expect(parsed.headers.has('x-injected')).toBe(false);
    expect(parsed.headers.has('bcc')).toBe(false);
    expect(headerLine(raw, 'X-Injected')).toEqual([]);
    expect(parsed.subject).toBe('【障害発生】障害 Bcc: victim@evil.example X-Injected: yes {{7*7}} <b>bold</b>');
    expect(received.filter((r) => r.raw.includes(message.messageId)).map((r) => r.to)).toEqual([
      ['admin@customer.example'],
    ]);
    expect(parsed.html).toContain('&lt;b&gt;bold&lt;/b&gt;');
  });
});

describe('what a send comes to', () => {
  test('a 550 for the recipient is a permanent failure, to quarantine the address', async () => {
    const result = await transport().send(
      composeMail(event('incident.created'), CONTEXT, { ...CONTACT, email: 'bounce@customer.example' }),
    );
    expect(result).toEqual({ outcome: 'permanent', detail: expect.stringContaining('550 No such user here') });
  });

  test('a 451 for the recipient is a temporary failure, to try again later', async () => {
    const result = await transport().send(
      composeMail(event('incident.created'), CONTEXT, { ...CONTACT, email: 'later@customer.example' }),
    );
    expect(result).toEqual({ outcome: 'temporary', detail: expect.stringContaining('451 Mailbox busy, try later') });
  });

  test('a refused connection is a temporary failure', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const deadPort = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const t = createMailTransport(mailConfigFromEnv({ SMTP_URL: `smtp://127.0.0.1:${deadPort}` }, 'memory'));
    transports.push(t);
    const result = await t.send(composeMail(event('incident.created'), CONTEXT, CONTACT));
    expect(result).toEqual({ outcome: 'temporary', detail: expect.stringMatching(/ECONNREFUSED/) });
  });

  test('a server that never greets is a temporary failure once SMTP_TIMEOUT_MS has passed', async () => {
    const silent: Server = createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const silentPort = (silent.address() as AddressInfo).port;
    const t = createMailTransport(
      mailConfigFromEnv({ SMTP_URL: `smtp://127.0.0.1:${silentPort}`, SMTP_TIMEOUT_MS: '200' }, 'memory'),
    );
    transports.push(t);
    try {
      const result = await t.send(composeMail(event('incident.created'), CONTEXT, CONTACT));
      expect(result).toEqual({ outcome: 'temporary', detail: expect.stringMatching(/ETIMEDOUT/) });
    } finally {
      t.close();
      silent.close();
    }
  });
});

describe('DKIM', () => {
  test('a signed message verifies against the public key, the one-click headers covered by the signature', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const t = transport({
      MAIL_FROM: 'Shirase <status@example.jp>',
      DKIM_DOMAIN: 'example.jp',
      DKIM_SELECTOR: 's2026',
      DKIM_PRIVATE_KEY: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    });
    const { raw } = await deliver(composeMail(event('incident.resolved'), CONTEXT, SUBSCRIBER), t);
    const p = publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
    const verified = await dkimVerify(raw, {
      resolver: async (name, type) => {
        if (name === 's2026._domainkey.example.jp' && type === 'TXT') return [[`v=DKIM1; k=rsa; p=${p}`]];
        throw Object.assign(new Error(`no ${type} record for ${name}`), { code: 'ENOTFOUND' });
      },
    });
    expect(verified.results).toHaveLength(1);
    const [signature] = verified.results;
    expect(signature!.status.result).toBe('pass');
    expect(signature!.signingDomain).toBe('example.jp');
    const signed = signature!.signingHeaders!.keys.toLowerCase().split(': ').join(':').split(':');
    expect(signed).toEqual(expect.arrayContaining(['from', 'subject', 'list-unsubscribe', 'list-unsubscribe-post']));
  });
});
