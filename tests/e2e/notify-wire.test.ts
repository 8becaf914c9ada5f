import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webhookReceiver } from '../integration/notify-webhook-receiver.ts';
import { operatorApi, waitFor } from '../support/http.ts';
import { startServer } from '../support/server.ts';
import { collectingSmtp } from '../support/smtp.ts';
import { signUpFields, urlIn } from '../support/subscribe.ts';

/**
 * Issue 11's "Done when", first sentence, through the production entry (`node scripts/serve.ts`):
 * an operator registers a contact and posts an incident, and the contact's message arrives. The
 * assertions hold whatever the time of day (no test clock: a webhook's signature is dated by the
 * server's clock, which standardwebhooks checks against this one's).
 */

/** Generous: the worker is woken by the write, but the machine may be busy. */
const ARRIVES_WITHIN = 60_000;

const smtp = collectingSmtp();
const received = smtp.received;

/** The first message to `address` whose subject contains `subject`, once it has reached the SMTP server. */
async function messageTo(address: string, subject = ''): Promise<ParsedMail> {
  return waitFor(async () => {
    for (const r of received.filter((m) => m.to.includes(address))) {
      const mail = await simpleParser(r.raw);
      if (mail.subject?.includes(subject)) return mail;
    }
    throw new Error(`no message to ${address} about "${subject}" reached the SMTP server`);
  }, ARRIVES_WITHIN);
}

const postForm = (url: string, fields: [string, string][] | string) =>
  fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: typeof fields === 'string' ? fields : new URLSearchParams(fields),
    redirect: 'manual',
  });

describe('a server started with SMTP_URL', () => {
  let server: Awaited<ReturnType<typeof startServer>>;

  beforeAll(async () => {
    server = await startServer({
      SMTP_URL: await smtp.start(),
      MAIL_FROM: 'Shirase <status@example.jp>',
      WEBHOOK_ALLOW_PRIVATE: '1',
    });
  }, 90_000);
  afterAll(async () => {
    await server?.stop();
    await smtp.stop();
  });

  it('sends a registered Japanese contact the new incident, titled in Japanese and linking to its page', async () => {
    expect(server.output()).toMatch(/Mail: sent through smtp:\/\/127\.0\.0\.1:\d+ from status@example\.jp/);
    const api = operatorApi(server.url);
    await api.create('/api/v1/contacts', { email: 'ops@customer.example', name: '運用担当', language: 'ja' });
    const incident = await api.create('/api/v1/incidents', {
      name: '請求書の発行ができない',
      name_en: 'Invoices cannot be issued',
      body: '原因を調査しています。',
    });

    const mail = await messageTo('ops@customer.example');
    expect(mail.subject).toContain('請求書の発行ができない');
    expect(mail.subject).not.toContain('Invoices');
    expect(mail.text).toContain('請求書の発行ができない');
    expect(mail.text).toContain('原因を調査しています。');
    expect(mail.text).toContain(`${server.url}/incidents/${incident.id}/`);
    expect(mail.headers.get('content-language')).toBe('ja');
  }, 90_000);

  it('sends a subscriber who signed up on the site the incident, with links that work on the server that sent it', async () => {
    const door = `${server.url}/subscription`;
    expect((await postForm(`${door}/`, signUpFields('fan@customer.example'))).status).toBe(303);
    const confirm = await messageTo('fan@customer.example');
    const token = new URL(urlIn(confirm.text!, `${door}/confirm?`)).searchParams.get('token')!;
    expect(
      (
        await postForm(`${door}/confirm`, [
          ['token', token],
          ['lang', 'ja'],
        ])
      ).status,
    ).toBe(200);
    await operatorApi(server.url).create('/api/v1/incidents', { name: 'ログイン画面が開かない', body: '調査中です。' });

    const mail = await messageTo('fan@customer.example', 'ログイン画面が開かない');
    const manage = urlIn(mail.text!, `${door}/manage?`);
    const unsubscribe = urlIn(mail.text!, `${door}/unsubscribe?`);
    expect((await fetch(manage)).status, 'the manage link finds the subscriber').toBe(200);
    // RFC 8058's one-click POST, as a mail client sends it to the List-Unsubscribe URL.
    expect((await postForm(unsubscribe, 'List-Unsubscribe=One-Click')).status).toBe(200);
    expect((await fetch(manage)).status, 'the subscriber is gone').toBe(404);
  }, 90_000);

  it('posts a new incident to a registered webhook, signed so that standardwebhooks verifies it', async () => {
    const receiver = await webhookReceiver((res) => res.writeHead(204).end());
    const api = operatorApi(server.url);
    const hook = await api.create<{ id: string; secret: string }>('/api/v1/webhooks', { url: receiver.url });
    const incident = await api.create('/api/v1/incidents', { name: '受注一覧が表示されない', body: '調査中です。' });

    const got = await waitFor(() => {
      const found = receiver.received.find((r) => r.body.includes(incident.id));
      if (!found) throw new Error(`the webhook receiver got nothing about ${incident.id}`);
      return found;
    }, ARRIVES_WITHIN);
    const headers = Object.fromEntries(Object.entries(got.headers).map(([k, v]) => [k, String(v)]));
    const payload = new Webhook(hook.secret).verify(got.body, headers) as { incident: { id: string; name: string } };
    expect(payload.incident).toMatchObject({ id: incident.id, name: '受注一覧が表示されない' });
  }, 90_000);
});

describe('a server started without SMTP_URL', () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'shirase-notify-eml-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('says at start-up that messages go to DATA_DIR/outbox/, and writes a contact’s message there as an .eml file', async () => {
    const server = await startServer({ DATA_DIR: dataDir });
    try {
      const outbox = path.join(dataDir, 'outbox');
      expect(server.output()).toContain(
        `SMTP_URL is not set, so each message is written to ${outbox}/ as an .eml file`,
      );
      const api = operatorApi(server.url);
      await api.create('/api/v1/contacts', { email: 'ops@customer.example', language: 'ja' });
      await api.create('/api/v1/incidents', { name: '管理画面にログインできない', body: '調査中です。' });

      const file = await waitFor(() => {
        const files = readdirSync(outbox, { withFileTypes: true }).filter((f) => f.name.endsWith('.eml'));
        if (files.length === 0) throw new Error(`no .eml file in ${outbox}`);
        return path.join(outbox, files[0]!.name);
      }, ARRIVES_WITHIN);
      const mail = await simpleParser(readFileSync(file));
      expect(mail.subject).toContain('管理画面にログインできない');
      expect(mail.to && !Array.isArray(mail.to) && mail.to.value[0]?.address).toBe('ops@customer.example');
    } finally {
      await server.stop();
    }
  }, 120_000);
});

describe('a server whose SMTP server never answers a message', () => {
  /** Takes the message and never says whether it accepted it: the send is in flight until the socket times out (60 s). */
  let held = 0;
  const silent = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream) {
      stream.on('end', () => held++);
      stream.resume();
    },
  });
  afterAll(() => new Promise<void>((resolve) => silent.close(() => resolve())));

  it('still ends on SIGTERM with exit code 0 within SHUTDOWN_TIMEOUT_MS, the send cut off', async () => {
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.server.address() as AddressInfo).port;
    const server = await startServer({ SMTP_URL: `smtp://127.0.0.1:${port}`, SHUTDOWN_TIMEOUT_MS: '5000' });
    const api = operatorApi(server.url);
    await api.create('/api/v1/contacts', { email: 'ops@customer.example', language: 'ja' });
    await api.create('/api/v1/incidents', { name: '通知の送信中に停止', body: '調査中です。' });
    await waitFor(() => expect(held, 'the message reached the silent server').toBe(1), ARRIVES_WITHIN);

    const exit = new Promise((resolve) => server.child.once('exit', (code, signal) => resolve({ code, signal })));
    server.child.kill('SIGTERM');

    expect(await exit).toEqual({ code: 0, signal: null });
    expect(server.output()).not.toContain('Closing did not finish');
  }, 120_000);
});
