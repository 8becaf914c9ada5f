/** How a delivery travels. */
export const DELIVERY_CHANNELS = ['email', 'webhook'] as const;
export type DeliveryChannel = (typeof DELIVERY_CHANNELS)[number];

/** Who a delivery is for: each kind has its own table (db/schema/notify.ts). */
/** `operator`: an address of OPERATOR_EMAILS (no row of its own: its id is the address), for the operators' alerts. */
export const RECIPIENT_KINDS = ['contact', 'subscriber', 'webhook', 'operator'] as const;
export type RecipientKind = (typeof RECIPIENT_KINDS)[number];

/**
 * pending: due at next_attempt_at; sending: leased by a worker; delivered; failed: given up
 * (permanent failure or attempts exhausted); quarantined: not tried, its recipient is quarantined.
 */
export const DELIVERY_STATUSES = ['pending', 'sending', 'delivered', 'failed', 'quarantined'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** The payload shapes an endpoint can ask for. */
export const WEBHOOK_FORMATS = ['statuspage', 'slack', 'teams'] as const;
export type WebhookFormat = (typeof WEBHOOK_FORMATS)[number];

/**
 * What a subscriber chooses to hear of (issue 11: incidents, maintenance, notices); a component's
 * status change counts as incident news (fan-out.ts maps the kinds).
 */
export const NOTIFY_KIND_GROUPS = ['incidents', 'maintenance', 'notices'] as const;
export type NotifyKindGroup = (typeof NOTIFY_KIND_GROUPS)[number];
