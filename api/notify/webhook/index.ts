export { DEFAULT_WEBHOOK_OPTIONS, type WebhookOptions } from './options.ts';
export { newWebhookSecret, webhookSecretKey } from './secret.ts';
export { signWebhook, webhookMessageId, type WebhookSignatureHeaders } from './sign.ts';
export { checkWebhookTarget, type TargetCheck, type TargetRefusal } from './target.ts';
export { deliverWebhook, type WebhookRequest } from './deliver.ts';
export type { WebhookDeliveryResult } from './outcome.ts';
export { type WebhookEndpoint, webhookRequest } from './request.ts';
export { webhookBody } from './payloads/index.ts';
export { type WebhookChannelDeps, webhookChannel } from './channel.ts';
