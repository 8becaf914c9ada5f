import type { DeliveryResult, Lang, NotificationEvent } from '../events.ts';
import type { DeliveryChannel, RecipientKind, WebhookFormat } from './vocab.ts';

/** Whom one delivery is for, as the channel needs it: the e-mail address or the endpoint. */
export type Recipient =
  | {
      channel: 'email';
      kind: Extract<RecipientKind, 'contact' | 'subscriber' | 'operator'>;
      id: string;
      address: string;
      name: string | null;
      language: Lang;
    }
  | {
      channel: 'webhook';
      kind: 'webhook';
      id: string;
      address: string;
      language: Lang;
      format: WebhookFormat;
      secret: string;
    };

/**
 * One way of sending (MAIL's SMTP or .eml, HOOK's signed POST): it sends or refuses, and says which
 * (api/notify/events.ts's DeliveryResult). It should not throw; a throw counts as a temporary failure.
 */
export interface Channel {
  deliver(event: NotificationEvent, recipient: Recipient): Promise<DeliveryResult>;
}

export type Channels = Record<DeliveryChannel, Channel>;
