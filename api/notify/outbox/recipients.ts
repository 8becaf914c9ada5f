import { inArray } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { contacts, notificationEvents, subscribers, webhooks } from '../../../db/schema/index.ts';
import type { NotificationEvent, NotificationKind } from '../events.ts';
import type { DeliveryRow } from './claim.ts';
import { decodeSubject } from './codec.ts';
import type { Recipient } from './types.ts';

/** A claimed delivery's recipient as it stands now; `quarantined` when it must not be tried. */
export type RecipientState = { recipient: Recipient; quarantined: boolean; failures: number } | undefined;

const key = (kind: string, id: string) => `${kind}:${id}`;

/** The recipients of a batch of claimed deliveries, three queries whatever the batch's size. */
export async function loadRecipients(db: Db, rows: DeliveryRow[]): Promise<Map<string, RecipientState>> {
  const ids = (kind: DeliveryRow['recipientKind']) => [
    ...new Set(rows.filter((r) => r.recipientKind === kind).map((r) => r.recipientId)),
  ];
  const [c, s, w] = await Promise.all([
    ids('contact').length
      ? db
          .select()
          .from(contacts)
          .where(inArray(contacts.id, ids('contact')))
      : [],
    ids('subscriber').length
      ? db
          .select()
          .from(subscribers)
          .where(inArray(subscribers.id, ids('subscriber')))
      : [],
    ids('webhook').length
      ? db
          .select()
          .from(webhooks)
          .where(inArray(webhooks.id, ids('webhook')))
      : [],
  ]);
  const found = new Map<string, RecipientState>();
  // The operators on duty (OPERATOR_EMAILS) until operator accounts exist: the address is the id.
  for (const address of ids('operator'))
    found.set(key('operator', address), {
      recipient: { channel: 'email', kind: 'operator', id: address, address, name: null, language: 'ja' },
      quarantined: false,
      failures: 0,
    });
  for (const r of c)
    found.set(key('contact', r.id), {
      recipient: { channel: 'email', kind: 'contact', id: r.id, address: r.email, name: r.name, language: r.language },
      quarantined: r.quarantinedAt !== null,
      failures: r.failures,
    });
  for (const r of s)
    found.set(key('subscriber', r.id), {
      recipient: { channel: 'email', kind: 'subscriber', id: r.id, address: r.email, name: null, language: r.language },
      quarantined: r.quarantinedAt !== null,
      failures: r.failures,
    });
  for (const r of w)
    found.set(key('webhook', r.id), {
      recipient: {
        channel: 'webhook',
        kind: 'webhook',
        id: r.id,
        address: r.url,
        language: r.language,
        format: r.format,
        secret: r.secret,
      },
      quarantined: r.quarantinedAt !== null,
      failures: r.failures,
    });
  return found;
}

export const recipientKey = (row: DeliveryRow) => key(row.recipientKind, row.recipientId);

/** The events of a batch of claimed deliveries, as the channels take them. */
export async function loadEvents(db: Db, eventIds: string[]): Promise<Map<string, NotificationEvent>> {
  if (eventIds.length === 0) return new Map();
  const rows = await db
    .select()
    .from(notificationEvents)
    .where(inArray(notificationEvents.id, [...new Set(eventIds)]));
  return new Map(
    rows.map((r) => [
      r.id,
      {
        id: r.id,
        kind: r.kind as NotificationKind,
        occurredAt: r.occurredAt,
        subject: decodeSubject(r.subject),
        componentIds: r.componentIds,
      },
    ]),
  );
}
