import { sql } from 'drizzle-orm';
import { check, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import {
  DELIVERY_CHANNELS,
  DELIVERY_STATUSES,
  NOTIFY_KIND_GROUPS,
  RECIPIENT_KINDS,
  WEBHOOK_FORMATS,
} from '../../api/notify/outbox/vocab.ts';
import { LANGS } from '../../api/core/vocab.ts';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const list = (values: readonly string[]) => sql.raw(values.map((s) => `'${s}'`).join(','));

/**
 * Registered contacts (the sheet's row 14): customer-side addresses operators register; they hear
 * every incident and notice of their components without opting in. `components` null = all.
 * `quarantined_at` is set after a permanent failure (a 5xx SMTP answer): no more deliveries until
 * an operator registers the address again.
 */
export const contacts = pgTable(
  'contacts',
  {
    id: text('id').primaryKey(),
    email: text('email').notNull(),
    name: text('name'),
    language: text('language', { enum: LANGS }).notNull(),
    components: text('components').array(),
    quarantinedAt: ts('quarantined_at'),
    /** Consecutive failed deliveries; a success sets it back to 0. */
    failures: integer('failures').notNull().default(0),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [
    uniqueIndex('contacts_email_key').on(sql`lower(${t.email})`),
    check('contacts_language_check', sql`${t.language} in (${list(LANGS)})`),
  ],
);

/**
 * Public sign-ups (double opt-in): only rows with `confirmed_at` receive anything. Tokens are kept
 * as hashes (the links carry the token itself); an unconfirmed row past `expires_at` is deleted.
 * `kinds` null = every kind; unsubscribing deletes the row.
 */
export const subscribers = pgTable(
  'subscribers',
  {
    id: text('id').primaryKey(),
    email: text('email').notNull(),
    language: text('language', { enum: LANGS }).notNull(),
    components: text('components').array(),
    kinds: text('kinds', { enum: NOTIFY_KIND_GROUPS }).array(),
    confirmedAt: ts('confirmed_at'),
    confirmTokenHash: text('confirm_token_hash'),
    manageTokenHash: text('manage_token_hash'),
    expiresAt: ts('expires_at'),
    quarantinedAt: ts('quarantined_at'),
    failures: integer('failures').notNull().default(0),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [
    uniqueIndex('subscribers_email_key').on(sql`lower(${t.email})`),
    check('subscribers_language_check', sql`${t.language} in (${list(LANGS)})`),
  ],
);

/**
 * Operators' webhook endpoints. The secret signs every payload (Standard Webhooks) and is shown
 * once, at registration. Quarantined after a permanent failure or too many consecutive ones.
 */
export const webhooks = pgTable(
  'webhooks',
  {
    id: text('id').primaryKey(),
    url: text('url').notNull(),
    components: text('components').array(),
    format: text('format', { enum: WEBHOOK_FORMATS }).notNull().default('statuspage'),
    language: text('language', { enum: LANGS }).notNull().default('ja'),
    secret: text('secret').notNull(),
    quarantinedAt: ts('quarantined_at'),
    failures: integer('failures').notNull().default(0),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [
    check('webhooks_format_check', sql`${t.format} in (${list(WEBHOOK_FORMATS)})`),
    check('webhooks_language_check', sql`${t.language} in (${list(LANGS)})`),
  ],
);

/**
 * The transactional outbox: one row per NotificationEvent (api/notify/events.ts), written in the
 * transaction of the change that caused it. `subject` is the snapshot the messages are made from.
 * `fanned_out_at` is set once its deliveries exist; until then a worker claims it.
 */
export const notificationEvents = pgTable(
  'notification_events',
  {
    id: text('id').primaryKey(),
    kind: text('kind').notNull(),
    occurredAt: ts('occurred_at').notNull(),
    subject: jsonb('subject').notNull(),
    componentIds: text('component_ids').array().notNull(),
    fannedOutAt: ts('fanned_out_at'),
  },
  (t) => [
    index('notification_events_pending_idx').on(t.occurredAt).where(sql`${t.fannedOutAt} is null`),
    // The incident an event is about (api/core/queries/first-email.ts reads an incident's e-mails by it).
    index('notification_events_incident_idx').on(sql`(${t.subject}->'incident'->>'id')`),
  ],
);

/**
 * One event to one recipient. `idempotency_key` (event id + recipient) is unique: a second
 * fan-out of the same event adds nothing. `pending` rows are due at `next_attempt_at`; `sending`
 * rows are leased until `lease_until` (a worker that died leaves them due again after it).
 * The address is copied so that the record reads the same after the recipient is removed.
 */
export const deliveries = pgTable(
  'deliveries',
  {
    id: text('id').primaryKey(),
    eventId: text('event_id')
      .notNull()
      .references(() => notificationEvents.id, { onDelete: 'cascade' }),
    channel: text('channel', { enum: DELIVERY_CHANNELS }).notNull(),
    recipientKind: text('recipient_kind', { enum: RECIPIENT_KINDS }).notNull(),
    recipientId: text('recipient_id').notNull(),
    address: text('address').notNull(),
    idempotencyKey: text('idempotency_key').notNull(),
    status: text('status', { enum: DELIVERY_STATUSES }).notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: ts('next_attempt_at').notNull(),
    leaseUntil: ts('lease_until'),
    lastResult: text('last_result'),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
    deliveredAt: ts('delivered_at'),
  },
  (t) => [
    uniqueIndex('deliveries_idempotency_key').on(t.idempotencyKey),
    index('deliveries_due_idx').on(t.nextAttemptAt).where(sql`${t.status} in ('pending', 'sending')`),
    index('deliveries_created_idx').on(t.createdAt),
    // An event's deliveries: the first e-mail of an incident, and the cascade when an event is deleted.
    index('deliveries_event_idx').on(t.eventId),
    check('deliveries_status_check', sql`${t.status} in (${list(DELIVERY_STATUSES)})`),
    check('deliveries_channel_check', sql`${t.channel} in (${list(DELIVERY_CHANNELS)})`),
  ],
);
