import type { Lang, NotificationContext } from '../events.ts';
import type { Channel, Recipient } from '../outbox/types.ts';
import { composeMail } from './compose.ts';
import type { MailRecipient } from './message.ts';
import type { MailTransport } from './transport.ts';

type EmailRecipient = Extract<Recipient, { channel: 'email' }>;

export interface MailChannelDeps {
  transport: MailTransport;
  /** The site as it stands when sending: its URL, support contact, component names. */
  context: () => NotificationContext | Promise<NotificationContext>;
  /**
   * A subscriber's manage page and RFC 8058 one-click unsubscribe URL (https, answering a POST),
   * each carrying its token: the outbox stores only the tokens' hashes, so the links come from
   * whoever can make them.
   */
  subscriberLinks: (
    subscriber: EmailRecipient,
  ) => { manageUrl: string; unsubscribeUrl: string } | Promise<{ manageUrl: string; unsubscribeUrl: string }>;
}

/**
 * The outbox's e-mail channel: composes the event for the recipient, in their language, and sends
 * it (transport.ts). Never throws: every failure is a DeliveryResult.
 */
export function mailChannel({ transport, context, subscriberLinks }: MailChannelDeps): Channel {
  return {
    async deliver(event, recipient) {
      if (recipient.channel !== 'email')
        return { outcome: 'permanent', detail: `not an e-mail recipient: ${recipient.channel}` };
      const lang: Lang = recipient.language;
      let to: MailRecipient;
      try {
        to =
          recipient.kind === 'subscriber'
            ? { kind: 'subscriber', email: recipient.address, lang, ...(await subscriberLinks(recipient)) }
            : { kind: 'contact', email: recipient.address, name: recipient.name, lang };
        return await transport.send(composeMail(event, await context(), to));
      } catch (error) {
        // The site's context or a subscriber's links could not be had now: they may be later.
        return { outcome: 'temporary', detail: `the message could not be made: ${(error as Error).message}` };
      }
    },
  };
}
