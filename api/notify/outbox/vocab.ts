import type { NotificationKind } from '../events.ts';

/** How a delivery travels. */
export const DELIVERY_CHANNELS = ['email', 'webhook'] as const;
export type DeliveryChannel = (typeof DELIVERY_CHANNELS)[number];

/** Who a delivery is for: each kind has its own table (db/schema/notify.ts). */
export const RECIPIENT_KINDS = ['contact', 'subscriber', 'webhook'] as const;
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

/** What a subscriber chooses to hear of (issue 11: incidents, maintenance, notices). */
export const NOTIFY_KIND_GROUPS = ['incidents', 'maintenance', 'notices'] as const;
export type NotifyKindGroup = (typeof NOTIFY_KIND_GROUPS)[number];

/**
 * The group a subscriber chooses among; `operators` is heard by operators' recipients only, and
 * `components` by everyone registered for the component (it is not a choice on the form).
 */
export function kindGroup(kind: NotificationKind): NotifyKindGroup | 'operators' | 'components' {
  if (kind === 'incident.update_overdue') return 'operators';
  if (kind === 'component.status_changed') return 'components';
  if (kind.startsWith('incident.')) return 'incidents';
  if (kind.startsWith('maintenance.')) return 'maintenance';
  return 'notices';
}
