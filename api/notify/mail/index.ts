/**
 * E-mail notifications (issue 11). `composeMail(event, context, recipient)` makes one message;
 * `createMailTransport(mailConfigFromEnv(env, dataDir))` sends it and answers with the outbox's
 * DeliveryResult (delivered / temporary / permanent, api/notify/events.ts); `describeMail` is the start-up log line.
 * `mailChannel` puts the two together as the outbox's e-mail Channel.
 */
export { mailChannel, type MailChannelDeps } from './channel.ts';
export { composeMail, messageIdFor } from './compose.ts';
export type { MailMessage, MailRecipient } from './message.ts';
export { createMailTransport, describeMail, type MailTransport } from './transport.ts';
