import { type AddressInfo, createServer } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { WebhookRequest } from '../../api/notify/webhook/deliver.ts';
import { deliverWebhook } from '../../api/notify/webhook/deliver.ts';
import { DEFAULT_WEBHOOK_OPTIONS, type WebhookOptions } from '../../api/notify/webhook/options.ts';
import { newWebhookSecret } from '../../api/notify/webhook/secret.ts';
import { signWebhook, webhookMessageId } from '../../api/notify/webhook/sign.ts';
import type { Resolver } from '../../api/notify/webhook/target.ts';
import { webhookReceiver as receiver } from './notify-webhook-receiver.ts';

/** The receiver is on loopback: these tests run as an operator who set WEBHOOK_ALLOW_PRIVATE=1. */
const ALLOW: WebhookOptions = { ...DEFAULT_WEBHOOK_OPTIONS, allowPrivate: true };
const REFUSE: WebhookOptions = { ...DEFAULT_WEBHOOK_OPTIONS, allowPrivate: false };

/** standardwebhooks checks the timestamp against its clock: it reads the pinned one. */
const NOW = new Date('2026-11-28T07:40:00Z');
beforeEach(() => vi.useFakeTimers({ now: NOW, toFake: ['Date'] }));
afterEach(() => vi.useRealTimers());

const SECRET = newWebhookSecret();
const BODY = JSON.stringify({ incident: { id: 'inc_1', name: '請求書の発行が遅延しています {{7*7}}' } });

/** Event `evt_1` for endpoint `whk_1`, signed at `at`, as the outbox would send it. */
const signed = (url: string, at = NOW): WebhookRequest => ({
  url,
  body: BODY,
  headers: { ...signWebhook(SECRET, webhookMessageId('evt_1', 'whk_1'), at, BODY) },
});

describe('webhook delivery to a real receiver', () => {
  it('retries of one event keep its webhook-id, and are signed afresh', async () => {
    let answers = 0;
    const rx = await receiver((res) => res.writeHead(answers++ === 0 ? 503 : 200).end());
    const first = await deliverWebhook(signed(rx.url), ALLOW, NOW);
    const later = new Date(NOW.getTime() + 60_000);
    vi.setSystemTime(later);
    const second = await deliverWebhook(signed(rx.url, later), ALLOW, later);
    expect([first.outcome, second.outcome]).toEqual(['temporary', 'delivered']);
    const [a, b] = rx.received;
    expect(b!.headers['webhook-id']).toBe(a!.headers['webhook-id']);
    expect(Number(b!.headers['webhook-timestamp']) - Number(a!.headers['webhook-timestamp'])).toBe(60);
    expect(b!.body).toBe(a!.body);
    expect(() => new Webhook(SECRET).verify(b!.body, b!.headers as Record<string, string>)).not.toThrow();
  });

  it('localhost is refused unless private targets are allowed, and then nothing reaches it', async () => {
    const rx = await receiver((res) => res.writeHead(204).end());
    const request = signed(`http://localhost:${rx.port}/hook`);
    expect(await deliverWebhook(request, REFUSE, NOW)).toMatchObject({
      outcome: 'permanent',
      reason: 'private-address',
    });
    expect(rx.received).toHaveLength(0);
    expect(await deliverWebhook(request, ALLOW, NOW)).toMatchObject({ outcome: 'delivered' });
  });

  it('a redirect to the metadata address is not followed: it is a permanent failure', async () => {
    const rx = await receiver((res) =>
      res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' }).end(),
    );
    const outcome = await deliverWebhook(signed(rx.url), ALLOW, NOW);
    expect(outcome).toMatchObject({ outcome: 'permanent', reason: 'redirect', status: 302 });
    expect(rx.received).toHaveLength(1);
  });

  it('connects to the address it checked, without asking DNS again', async () => {
    const rx = await receiver((res) => res.writeHead(200).end('ok'));
    let lookups = 0;
    const resolve: Resolver = async () => {
      lookups++;
      return [{ address: '127.0.0.1', family: 4 }];
    };
    // `.test` names resolve nowhere (RFC 2606): only the checked address can have been used.
    const url = `http://hooks.rebind.test:${rx.port}/hook`;
    const outcome = await deliverWebhook(signed(url), { ...ALLOW, resolve }, NOW);
    expect(outcome).toMatchObject({ outcome: 'delivered', detail: 'HTTP 200: ok' });
    expect(lookups).toBe(1);
    expect(rx.received[0]!.headers.host).toBe(`hooks.rebind.test:${rx.port}`);
  });

  it('a receiver that never answers is given up on at the request timeout, as a temporary failure', async () => {
    const rx = await receiver(() => {});
    const outcome = await deliverWebhook(signed(rx.url), { ...ALLOW, requestTimeoutMs: 300 }, NOW);
    expect(outcome).toEqual({ outcome: 'temporary', reason: 'timeout', detail: 'no answer in time' });
  });

  it('a TLS handshake that never completes is given up on at the connect timeout', async () => {
    // Accepts the TCP connection and says nothing: an https client waits for the server's hello.
    const silent = createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const url = `https://127.0.0.1:${(silent.address() as AddressInfo).port}/hook`;
      const outcome = await deliverWebhook(
        signed(url),
        { ...ALLOW, connectTimeoutMs: 200, requestTimeoutMs: 60_000 },
        NOW,
      );
      expect(outcome).toEqual({ outcome: 'temporary', reason: 'connect-timeout', detail: 'no connection in time' });
    } finally {
      silent.close();
    }
  });

  it('an endless answer is read only up to the limit, then the connection is closed', async () => {
    let closed!: () => void;
    const connectionClosed = new Promise<void>((resolve) => {
      closed = resolve;
    });
    const rx = await receiver((res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      const chunk = Buffer.alloc(16 * 1024, 'x');
      const pump = () => {
        while (!res.destroyed && res.write(chunk));
      };
      res.on('drain', pump);
      res.on('close', closed);
      pump();
    });
    // The whole-request limit is past the test's own: only the byte limit can end this delivery.
    const outcome = await deliverWebhook(
      signed(rx.url),
      { ...ALLOW, maxResponseBytes: 64 * 1024, requestTimeoutMs: 120_000 },
      NOW,
    );
    expect(outcome).toMatchObject({ outcome: 'delivered', status: 200 });
    await connectionClosed;
  });

  it('a header value with CR/LF is never written: the delivery fails permanently and nothing is sent', async () => {
    const rx = await receiver((res) => res.writeHead(204).end());
    const request = signed(rx.url);
    request.headers['x-note'] = 'a\r\nX-Injected: 1';
    expect(await deliverWebhook(request, ALLOW, NOW)).toMatchObject({
      outcome: 'permanent',
      reason: 'invalid-request',
    });
    expect(rx.received).toHaveLength(0);
  });

  it.each([
    [429, { 'retry-after': '120' }, { outcome: 'temporary', reason: 'rate-limited', retryAfterMs: 120_000 }],
    [
      503,
      { 'retry-after': 'Sat, 28 Nov 2026 07:45:00 GMT' },
      { outcome: 'temporary', reason: 'server-error', retryAfterMs: 300_000 },
    ],
    [500, {}, { outcome: 'temporary', reason: 'server-error' }],
    [408, {}, { outcome: 'temporary', reason: 'request-timeout' }],
    [410, {}, { outcome: 'permanent', reason: 'gone' }],
    [400, {}, { outcome: 'permanent', reason: 'client-error' }],
  ] as const)('an answer %i is %o', async (status, headers, expected) => {
    const rx = await receiver((res) => res.writeHead(status, headers).end('{"error":"nope"}\r\nX-Injected: 1'));
    const outcome = await deliverWebhook(signed(rx.url), ALLOW, NOW);
    expect(outcome).toMatchObject({ ...expected, status });
    expect(outcome.detail).toBe(`HTTP ${status}: {"error":"nope"} X-Injected: 1`);
  });
});
