import { and, asc, eq, inArray, isNull, lt, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { notificationEvents } from '../../../db/schema/index.ts';

/**
 * Turns events into deliveries: one per matching recipient, made in SQL (INSERT … SELECT) so that
 * an event to 10,000 subscribers is three statements, not 10,000. The idempotency key (event +
 * recipient) is unique and inserts ON CONFLICT DO NOTHING, so an event fanned out twice (a worker
 * that died before marking it) gains no second delivery.
 *
 * Who hears (issue 11): contacts every customer event of their components; webhooks theirs, and
 * the operators' overdue alert, as do by e-mail the OPERATOR_EMAILS addresses and the enabled admin and
 * operator accounts (issue 12); subscribers only once confirmed, of their components and kinds
 * (a component's status change counts as incident news). `components` null = every component;
 * an event naming no component is site-wide and reaches everyone. Quarantined recipients get none.
 */

const COMPONENTS_MATCH = (table: string) =>
  sql.raw(
    `(${table}.components is null or cardinality(e.component_ids) = 0 or ${table}.components && e.component_ids)`,
  );

const SUBSCRIBER_KIND = sql.raw(`(s.kinds is null or (case
  when e.kind like 'incident.%' or e.kind like 'component.%' then 'incidents'
  when e.kind like 'maintenance.%' then 'maintenance'
  else 'notices' end) = any(s.kinds))`);

async function fanOutOne(tx: Db, eventId: string, at: string, operatorEmails: readonly string[]): Promise<void> {
  const insert = (select: ReturnType<typeof sql>) =>
    tx.execute(sql`insert into deliveries
      (id, event_id, channel, recipient_kind, recipient_id, address, idempotency_key, status, next_attempt_at, created_at, updated_at)
      ${select}
      on conflict (idempotency_key) do nothing`);
  const row = (channel: string, kind: string, alias: string, address: string) =>
    sql.raw(`select gen_random_uuid()::text, e.id, '${channel}', '${kind}', ${alias}.id, ${alias}.${address},
      e.id || ' ${kind}:' || ${alias}.id, 'pending', `);
  const times = sql`${at}::timestamptz, ${at}::timestamptz, ${at}::timestamptz`;
  await insert(sql`${row('email', 'contact', 'c', 'email')}${times}
    from notification_events e join contacts c on ${COMPONENTS_MATCH('c')}
    where e.id = ${eventId} and c.quarantined_at is null and e.kind <> 'incident.update_overdue'`);
  await insert(sql`${row('email', 'subscriber', 's', 'email')}${times}
    from notification_events e join subscribers s on ${COMPONENTS_MATCH('s')}
    where e.id = ${eventId} and s.confirmed_at is not null and s.quarantined_at is null
      and e.kind <> 'incident.update_overdue' and ${SUBSCRIBER_KIND}`);
  await insert(sql`${row('webhook', 'webhook', 'w', 'url')}${times}
    from notification_events e join webhooks w on ${COMPONENTS_MATCH('w')}
    where e.id = ${eventId} and w.quarantined_at is null`);
  // The operators' own alert, by e-mail too: never a customer's contact or subscriber (above). Those
  // on duty are the OPERATOR_EMAILS addresses and every enabled account that may post an update
  // (admin, operator; not a viewer), each address once.
  await insert(sql`select gen_random_uuid()::text, e.id, 'email', 'operator', o.address, o.address,
      e.id || ' operator:' || o.address, 'pending', ${times}
      from notification_events e cross join (
        select unnest(${`{${operatorEmails.map((a) => JSON.stringify(a)).join(',')}}`}::text[]) as address
        union
        select lower(email) from operators where role in ('admin', 'operator') and disabled_at is null
      ) as o
      where e.id = ${eventId} and e.kind = 'incident.update_overdue'`);
}

/** News older than this reaches no one (`fanOut`'s `staleAfterMs`). */
export const STALE_AFTER_MS = 24 * 3600_000;

/**
 * Closes every stale event (below) in bulk, then fans out up to `limit` events not yet fanned out,
 * oldest first, each in its own transaction with the event row locked (FOR UPDATE SKIP LOCKED: two
 * workers take different events, on PGlite and PostgreSQL alike). Returns how many it fanned out or
 * closed.
 *
 * An event that occurred more than `staleAfterMs` before `now` is closed without deliveries:
 * history written through the commands at past instants (the demo seed, the bench's five years)
 * or a queue left for days must not reach whoever registered since as a flood of old news.
 */
export async function fanOut(
  db: Db,
  now: Date,
  limit = 20,
  staleAfterMs = STALE_AFTER_MS,
  /** OPERATOR_EMAILS: told of overdue updates by e-mail. */
  operatorEmails: readonly string[] = [],
): Promise<number> {
  let done = 0;
  let closed = 0;
  const at = now.toISOString();
  // Stale news first, in bulk: a backlog of years (an import, a server stopped for long) is closed in
  // a few statements. One transaction per event took 12,725 of them on five years of history, and a
  // core for the first half minute after start, beside the whole-site publish.
  for (;;) {
    const n = await closeStale(db, now, staleAfterMs);
    closed += n;
    if (n < STALE_CLOSED_AT_ONCE) break;
  }
  while (done < limit) {
    const claimed = await db.transaction(async (tx) => {
      const [event] = await tx
        .select({ id: notificationEvents.id, occurredAt: notificationEvents.occurredAt })
        .from(notificationEvents)
        .where(isNull(notificationEvents.fannedOutAt))
        .orderBy(asc(notificationEvents.occurredAt), asc(notificationEvents.id))
        .limit(1)
        .for('update', { skipLocked: true });
      if (!event) return false;
      if (now.getTime() - event.occurredAt.getTime() <= staleAfterMs)
        await fanOutOne(tx as unknown as Db, event.id, at, operatorEmails);
      await tx
        .update(notificationEvents)
        .set({ fannedOutAt: now })
        .where(and(eq(notificationEvents.id, event.id), isNull(notificationEvents.fannedOutAt)));
      return true;
    });
    if (!claimed) break;
    done += 1;
  }
  return done + closed;
}

/** Stale events closed per statement: each statement stays short however long the backlog. */
const STALE_CLOSED_AT_ONCE = 5000;

/**
 * Closes, without deliveries, up to STALE_CLOSED_AT_ONCE events that occurred more than `staleAfterMs`
 * before `now`; those another worker holds are skipped (it closes them). Returns how many it closed.
 */
async function closeStale(db: Db, now: Date, staleAfterMs: number): Promise<number> {
  const stale = db
    .select({ id: notificationEvents.id })
    .from(notificationEvents)
    .where(
      and(
        isNull(notificationEvents.fannedOutAt),
        lt(notificationEvents.occurredAt, new Date(now.getTime() - staleAfterMs)),
      ),
    )
    .orderBy(asc(notificationEvents.occurredAt))
    .limit(STALE_CLOSED_AT_ONCE)
    .for('update', { skipLocked: true });
  const rows = await db
    .update(notificationEvents)
    .set({ fannedOutAt: now })
    .where(and(inArray(notificationEvents.id, stale), isNull(notificationEvents.fannedOutAt)))
    .returning({ id: notificationEvents.id });
  return rows.length;
}
