import { toIsoOffset, toIsoOffsetOrNull } from '../../core/time.ts';
import type { ContactRow } from '../../notify/recipients/contacts.ts';
import type { DeliveryRecord } from '../../notify/recipients/deliveries.ts';
import type { WebhookRow } from '../../notify/recipients/webhooks.ts';

/** The notification recipients and deliveries as `/api/v1` shows them; a webhook's secret only when just made. */

const iso = toIsoOffsetOrNull;

export function presentContact(c: ContactRow) {
  return {
    id: c.id,
    email: c.email,
    name: c.name,
    language: c.language,
    components: c.components,
    quarantined_at: iso(c.quarantinedAt),
    consecutive_failures: c.failures,
    created_at: toIsoOffset(c.createdAt),
  };
}

export function presentWebhook(w: WebhookRow, { withSecret = false } = {}) {
  return {
    id: w.id,
    url: w.url,
    components: w.components,
    format: w.format,
    language: w.language,
    ...(withSecret && { secret: w.secret }),
    quarantined_at: iso(w.quarantinedAt),
    consecutive_failures: w.failures,
    created_at: toIsoOffset(w.createdAt),
  };
}

export function presentDelivery(d: DeliveryRecord) {
  return {
    id: d.id,
    event: { id: d.eventId, kind: d.eventKind, occurred_at: toIsoOffset(d.occurredAt) },
    channel: d.channel,
    recipient: { kind: d.recipientKind, id: d.recipientId, address: d.address },
    status: d.status,
    attempts: d.attempts,
    last_result: d.lastResult,
    next_attempt_at: d.status === 'pending' ? toIsoOffset(d.nextAttemptAt) : null,
    created_at: toIsoOffset(d.createdAt),
    updated_at: toIsoOffset(d.updatedAt),
    delivered_at: iso(d.deliveredAt),
  };
}
