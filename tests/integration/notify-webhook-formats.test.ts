import { Webhook } from 'standardwebhooks';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  DEFAULT_WEBHOOK_OPTIONS,
  deliverWebhook,
  newWebhookSecret,
  type WebhookEndpoint,
  type WebhookOptions,
  webhookChannel,
  webhookMessageId,
  webhookRequest,
} from '../../api/notify/webhook/index.ts';
import type { Recipient } from '../../api/notify/outbox/types.ts';
import { CONTEXT, INCIDENT_UPDATED, MAINTENANCE_ANNOUNCED } from '../unit/notify-webhook-events.ts';
import { webhookReceiver } from './notify-webhook-receiver.ts';

/** The receiver is on loopback: these tests run as an operator who set WEBHOOK_ALLOW_PRIVATE=1. */
const ALLOW: WebhookOptions = { ...DEFAULT_WEBHOOK_OPTIONS, allowPrivate: true };

/** standardwebhooks checks the timestamp against its clock: it reads the pinned one. */
const NOW = new Date('2026-11-28T07:40:00Z');
beforeEach(() => vi.useFakeTimers({ now: NOW, toFake: ['Date'] }));
afterEach(() => vi.useRealTimers());

const endpoint = (url: string, format: WebhookEndpoint['format'], lang: 'ja' | 'en' = 'ja'): WebhookEndpoint => ({
  id: `whk_${format}`,
  url,
  secret: newWebhookSecret(),
  format,
  lang,
});

describe('webhook formats, end to end', () => {
  it('each format arrives signed through the outbox channel: the receiver verifies it with standardwebhooks', async () => {
    const secrets = new Map<string, string>();
    const rx = await webhookReceiver((res, got) => {
      const secret = secrets.get(String(got.headers['webhook-id']))!;
      try {
        new Webhook(secret).verify(got.body, got.headers as Record<string, string>);
        res.writeHead(204).end();
      } catch (error) {
        res.writeHead(401).end(String(error));
      }
    });
    const channel = webhookChannel({ options: ALLOW, context: () => CONTEXT, now: () => NOW });
    for (const format of ['statuspage', 'slack', 'teams'] as const) {
      const recipient: Recipient = {
        channel: 'webhook',
        kind: 'webhook',
        id: `whk_${format}`,
        address: rx.url,
        language: format === 'teams' ? 'en' : 'ja',
        format,
        secret: newWebhookSecret(),
      };
      secrets.set(webhookMessageId(INCIDENT_UPDATED.id, recipient.id), recipient.secret);
      expect(await channel.deliver(INCIDENT_UPDATED, recipient), format).toMatchObject({
        outcome: 'delivered',
        detail: 'HTTP 204',
      });
    }
    const [statuspage, slack, teams] = rx.received.map((r) => JSON.parse(r.body));
    expect(statuspage.incident.id).toBe('inc_invoice_delay');
    expect(slack.text).toMatch(/^【障害情報の更新】/);
    expect(teams.attachments[0].content.body[0].inlines[0].text).toMatch(/^\[Incident update\]/);
    for (const r of rx.received) expect(r.headers['content-type']).toBe('application/json; charset=utf-8');
  });

  it('the channel refuses a private target when private targets are not allowed', async () => {
    const rx = await webhookReceiver((res) => res.writeHead(204).end());
    const channel = webhookChannel({ options: DEFAULT_WEBHOOK_OPTIONS, context: () => CONTEXT, now: () => NOW });
    const recipient: Recipient = {
      channel: 'webhook',
      kind: 'webhook',
      id: 'whk_1',
      address: rx.url,
      language: 'ja',
      format: 'slack',
      secret: newWebhookSecret(),
    };
    expect(await channel.deliver(INCIDENT_UPDATED, recipient)).toMatchObject({ outcome: 'permanent' });
    expect(rx.received).toHaveLength(0);
  });

  it('a retry of one event to one endpoint keeps its webhook-id and body, signed at the retry', async () => {
    let answers = 0;
    const rx = await webhookReceiver((res) => res.writeHead(answers++ === 0 ? 503 : 200).end());
    const e = endpoint(rx.url, 'statuspage');
    const first = await deliverWebhook(webhookRequest(e, MAINTENANCE_ANNOUNCED, CONTEXT, NOW), ALLOW, NOW);
    const later = new Date(NOW.getTime() + 60_000);
    vi.setSystemTime(later);
    const second = await deliverWebhook(webhookRequest(e, MAINTENANCE_ANNOUNCED, CONTEXT, later), ALLOW, later);
    expect([first.outcome, second.outcome]).toEqual(['temporary', 'delivered']);
    const [a, b] = rx.received;
    expect(b!.headers['webhook-id']).toBe(a!.headers['webhook-id']);
    expect(b!.body).toBe(a!.body);
    expect(Number(b!.headers['webhook-timestamp']) - Number(a!.headers['webhook-timestamp'])).toBe(60);
    expect(() => new Webhook(e.secret).verify(b!.body, b!.headers as Record<string, string>)).not.toThrow();
  });
});
