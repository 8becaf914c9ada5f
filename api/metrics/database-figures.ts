import { and, count, eq, gt, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { deliveries } from '../../db/schema/index.ts';
import type { SiteSettings } from '../core/settings.ts';
import { overdueUpdates } from '../core/queries/service-levels.ts';
import { readUnresolvedIncidents } from '../notify/unresolved-incidents.ts';
import { DELIVERY_CHANNELS, type DeliveryChannel } from '../notify/outbox/vocab.ts';

/** How far back failed deliveries are counted: a day, so that the figure falls back once the cause is fixed. */
export const FAILED_DELIVERIES_WINDOW_MS = 24 * 3_600_000;

/** What /metrics reads from the database at scrape time. */
export interface DatabaseFigures {
  /** Deliveries waiting (pending, or leased by a worker), by channel. */
  waiting: Record<DeliveryChannel, number>;
  /** Deliveries made in the last FAILED_DELIVERIES_WINDOW_MS that were given up (failed for good), by channel. */
  failed: Record<DeliveryChannel, number>;
  /** Unresolved incidents whose next update is overdue (as GET /api/v1/incidents/overdue counts them). */
  overdue: number;
}

const byChannel = (rows: { channel: DeliveryChannel; n: number }[]) => {
  const out = Object.fromEntries(DELIVERY_CHANNELS.map((c) => [c, 0])) as Record<DeliveryChannel, number>;
  for (const r of rows) out[r.channel] = Number(r.n);
  return out;
};

/**
 * Three cheap reads: the waiting deliveries through the outbox's own partial index
 * (deliveries_due_idx), the failed ones through deliveries_created_idx over a day, and the
 * unresolved incidents only (not the whole model, which /api/v1/incidents/overdue reads).
 */
export async function readDatabaseFigures(
  db: Db,
  settings: Pick<SiteSettings['serviceLevels'], 'updateIntervalMinutes'>,
  now: Date,
): Promise<DatabaseFigures> {
  const [waiting, failed, unresolved] = await Promise.all([
    db
      .select({ channel: deliveries.channel, n: count() })
      .from(deliveries)
      // Spelled as the partial index's predicate, so that the planner matches it.
      .where(sql`${deliveries.status} in ('pending', 'sending')`)
      .groupBy(deliveries.channel),
    db
      .select({ channel: deliveries.channel, n: count() })
      .from(deliveries)
      .where(
        and(
          gt(deliveries.createdAt, new Date(now.getTime() - FAILED_DELIVERIES_WINDOW_MS)),
          eq(deliveries.status, 'failed'),
        ),
      )
      .groupBy(deliveries.channel),
    readUnresolvedIncidents(db),
  ]);
  return {
    waiting: byChannel(waiting),
    failed: byChannel(failed),
    overdue: overdueUpdates({ incidents: unresolved }, settings, now).length,
  };
}
