import type { Lang, NotificationContext, NotificationEvent } from '../events.ts';
import type { WebhookRequest } from './deliver.ts';
import type { WebhookFormat } from '../outbox/vocab.ts';
import { webhookBody } from './payloads/index.ts';
import { signWebhook, webhookMessageId } from './sign.ts';

/** What the outbox knows of an endpoint to send to it. */
export interface WebhookEndpoint {
  id: string;
  url: string;
  /** `whsec_…`, as newWebhookSecret made it. */
  secret: string;
  format: WebhookFormat;
  /** The chat formats' language (Japanese unless the endpoint asked for English). */
  lang: Lang;
}

/**
 * The signed request for one event to one endpoint at one attempt. The body and `webhook-id`
 * are the same on every attempt; the timestamp and so the signature are the attempt's (`now`).
 */
export function webhookRequest(
  endpoint: WebhookEndpoint,
  event: NotificationEvent,
  ctx: NotificationContext,
  now: Date,
): WebhookRequest {
  const body = webhookBody(endpoint.format, event, ctx, endpoint.lang);
  const headers = signWebhook(endpoint.secret, webhookMessageId(event.id, endpoint.id), now, body);
  return { url: endpoint.url, body, headers: { ...headers } };
}
