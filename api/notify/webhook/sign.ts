import { createHash, createHmac } from 'node:crypto';
import { webhookSecretKey } from './secret.ts';

/** The three headers of a Standard Webhooks message (https://www.standardwebhooks.com). */
export interface WebhookSignatureHeaders {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
}

/**
 * The id of one event's delivery to one endpoint. Receivers deduplicate on it, so it is the same
 * on every retry and differs between endpoints. It is a digest rather than the two ids joined so
 * that it is always a short, header-safe token whatever the ids contain; the pair is hashed as
 * a JSON array so that no two pairs read the same.
 */
export function webhookMessageId(eventId: string, endpointId: string): string {
  const digest = createHash('sha256')
    .update(JSON.stringify([eventId, endpointId]))
    .digest('base64url');
  return `msg_${digest.slice(0, 32)}`;
}

/**
 * Signs `body` as sent, byte for byte: `v1,` + base64 HMAC-SHA256 over `id.timestamp.body` with
 * the secret's key. `at` is the attempt's time (a retry is signed afresh, so receivers' replay
 * windows accept it).
 */
export function signWebhook(secret: string, id: string, at: Date, body: string): WebhookSignatureHeaders {
  const timestamp = String(Math.floor(at.getTime() / 1000));
  const signature = createHmac('sha256', webhookSecretKey(secret))
    .update(`${id}.${timestamp}.${body}`)
    .digest('base64');
  return { 'webhook-id': id, 'webhook-timestamp': timestamp, 'webhook-signature': `v1,${signature}` };
}
