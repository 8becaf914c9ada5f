import type { DeliveryResult, NotificationEvent } from '../../api/notify/events.ts';
import type { Channel, Channels, Recipient } from '../../api/notify/outbox/types.ts';

export interface Sent {
  eventId: string;
  kind: string;
  channel: Recipient['channel'];
  address: string;
}

/**
 * Channels that keep what they were given and answer as `answer` says (delivered by default):
 * the outbox's side of the contract, without a network. The real SMTP and HTTP channels have
 * their own tests; the kill test (notify-outbox-kill.test.ts) runs a real SMTP receiver.
 */
export function recordingChannels(
  answer: (event: NotificationEvent, recipient: Recipient) => DeliveryResult | Promise<DeliveryResult> = () => ({
    outcome: 'delivered',
    detail: '250 OK',
  }),
) {
  const sent: Sent[] = [];
  const channel: Channel = {
    async deliver(event, recipient) {
      // Yield, as a real send would, so that two workers' batches interleave.
      await new Promise((resolve) => setImmediate(resolve));
      sent.push({ eventId: event.id, kind: event.kind, channel: recipient.channel, address: recipient.address });
      return answer(event, recipient);
    },
  };
  const channels: Channels = { email: channel, webhook: channel };
  return { channels, sent };
}
