import { Webhook } from 'standardwebhooks';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { newWebhookSecret, webhookSecretKey } from '../../api/notify/webhook/secret.ts';
import { signWebhook, webhookMessageId } from '../../api/notify/webhook/sign.ts';

/** standardwebhooks checks the timestamp against its clock: it reads the pinned one. */
const NOW = new Date('2026-11-28T07:40:00Z');
beforeEach(() => vi.useFakeTimers({ now: NOW, toFake: ['Date'] }));
afterEach(() => vi.useRealTimers());

describe('webhook secrets', () => {
  it('are whsec_ and the base64 of 32 random bytes, different every time', () => {
    const [a, b] = [newWebhookSecret(), newWebhookSecret()];
    expect(a).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(webhookSecretKey(a)).toHaveLength(32);
    expect(a).not.toBe(b);
  });

  it('shorter than 24 bytes, without the prefix, or not base64, never sign', () => {
    for (const bad of [
      `whsec_${Buffer.alloc(16).toString('base64')}`,
      Buffer.alloc(32).toString('base64'),
      'whsec_!!!!',
      '',
    ])
      expect(() => signWebhook(bad, 'msg_1', NOW, '{}'), bad).toThrow(/webhook secret/);
  });
});

describe('webhook signatures', () => {
  it('verify with the independent Standard Webhooks implementation, for the body as sent', () => {
    const secret = newWebhookSecret();
    const body = JSON.stringify({ text: '障害 {{7*7}} <img src=x onerror=alert(1)>' });
    const headers = signWebhook(secret, webhookMessageId('evt_1', 'whk_1'), NOW, body);
    expect(headers['webhook-timestamp']).toBe(String(NOW.getTime() / 1000));
    expect(headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    expect(new Webhook(secret).verify(body, { ...headers })).toEqual(JSON.parse(body));
  });

  it('fail to verify once the body, the id or the secret differ', () => {
    const secret = newWebhookSecret();
    const headers = signWebhook(secret, 'msg_1', NOW, '{"a":1}');
    expect(() => new Webhook(secret).verify('{"a":2}', { ...headers })).toThrow();
    expect(() => new Webhook(secret).verify('{"a":1}', { ...headers, 'webhook-id': 'msg_2' })).toThrow();
    expect(() => new Webhook(newWebhookSecret()).verify('{"a":1}', { ...headers })).toThrow();
  });

  it('one event keeps its message id for an endpoint, and has another for each other endpoint', () => {
    const id = webhookMessageId('evt_1', 'whk_1');
    expect(webhookMessageId('evt_1', 'whk_1')).toBe(id);
    expect(webhookMessageId('evt_1', 'whk_2')).not.toBe(id);
    expect(webhookMessageId('evt_2', 'whk_1')).not.toBe(id);
    // Ids holding the separator cannot collide with another pair.
    expect(webhookMessageId('a\nb', 'c')).not.toBe(webhookMessageId('a', 'b\nc'));
    expect(webhookMessageId('evt\r\nX-Injected: 1', 'whk')).toMatch(/^msg_[A-Za-z0-9_-]{32}$/);
  });
});
