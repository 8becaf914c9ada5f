import type { NotificationContext } from '../events.ts';
import type { Channel } from '../outbox/types.ts';
import { deliverWebhook } from './deliver.ts';
import type { WebhookOptions } from './options.ts';
import { webhookRequest } from './request.ts';
import type { Resolver } from './target.ts';

export interface WebhookChannelDeps {
  options: WebhookOptions;
  /** The site as it stands when sending: its URL, support contact, component names, indicator. */
  context: () => NotificationContext | Promise<NotificationContext>;
  /** The attempt's time: it dates the signature (and a Retry-After given as an HTTP-date). */
  now: () => Date;
  /** DNS, for tests; the system resolver otherwise. */
  resolve?: Resolver;
}

/**
 * The outbox's webhook channel: builds the body the endpoint asked for, signs it for this
 * attempt and POSTs it (deliver.ts). Never throws: every failure is a DeliveryResult.
 */
export function webhookChannel({ options, context, now, resolve }: WebhookChannelDeps): Channel {
  return {
    async deliver(event, recipient) {
      if (recipient.channel !== 'webhook')
        return { outcome: 'permanent', detail: `not a webhook recipient: ${recipient.channel}` };
      const at = now();
      const endpoint = {
        id: recipient.id,
        url: recipient.address,
        secret: recipient.secret,
        format: recipient.format,
        lang: recipient.language,
      };
      let request: ReturnType<typeof webhookRequest>;
      try {
        request = webhookRequest(endpoint, event, await context(), at);
      } catch (error) {
        // A secret that is not ours (webhookSecretKey) never signs; retrying cannot mend it.
        return { outcome: 'permanent', detail: (error as Error).message };
      }
      return deliverWebhook(request, resolve ? { ...options, resolve } : options, at);
    },
  };
}
