import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { contacts, deliveries, subscribers, webhooks } from '../../../db/schema/index.ts';
import type { DeliveryResult } from '../events.ts';
import { retryDelayMs, type RetryPolicy } from './backoff.ts';
import type { DeliveryRow } from './claim.ts';
import type { DeliveryStatus } from './vocab.ts';

const TABLE = { contact: contacts, subscriber: subscribers, webhook: webhooks } as const;

/**
 * Stores what one attempt came to, then the recipient's consecutive-failure count. The delivery's
 * row is updated only if this worker's lease is still the current one (same attempt, still
 * `sending`): a worker that outlived its lease cannot overwrite the next worker's outcome.
 */
export async function recordResult(
  db: Db,
  row: DeliveryRow,
  result: DeliveryResult,
  {
    now,
    policy,
    random,
    failuresBefore,
  }: {
    now: Date;
    policy: RetryPolicy;
    random: () => number;
    /** The recipient's consecutive failures when claimed: a success has none to clear when 0 (most). */
    failuresBefore: number;
  },
): Promise<DeliveryStatus> {
  const ours = and(eq(deliveries.id, row.id), eq(deliveries.status, 'sending'), eq(deliveries.attempts, row.attempts));
  const common = { leaseUntil: null, lastResult: result.detail.slice(0, 1000), updatedAt: now };
  // Operators (OPERATOR_EMAILS) have no row: nothing counts their failures or quarantines them.
  const recipient = row.recipientKind === 'operator' ? null : TABLE[row.recipientKind];
  if (result.outcome === 'delivered') {
    // The one statement between the channel's acceptance and the record of it: a crash before it
    // commits is the only way a recipient can get one event twice (the lease runs out, another try).
    await db
      .update(deliveries)
      .set({ ...common, status: 'delivered', deliveredAt: now })
      .where(ours);
    if (recipient && failuresBefore > 0)
      await db.update(recipient).set({ failures: 0 }).where(eq(recipient.id, row.recipientId));
    return 'delivered';
  }
  const giveUp = result.outcome === 'permanent' || row.attempts >= policy.maxAttempts;
  await db
    .update(deliveries)
    .set({
      ...common,
      status: giveUp ? 'failed' : 'pending',
      ...(!giveUp && {
        nextAttemptAt: new Date(
          now.getTime() +
            retryDelayMs(
              row.attempts,
              policy,
              random,
              result.outcome === 'temporary' ? result.retryAfterMs : undefined,
            ),
        ),
      }),
    })
    .where(ours);
  if (!recipient) return giveUp ? 'failed' : 'pending';
  await db
    .update(recipient)
    .set({
      failures: sql`${recipient.failures} + 1`,
      quarantinedAt:
        result.outcome === 'permanent'
          ? sql`coalesce(${recipient.quarantinedAt}, ${now.toISOString()}::timestamptz)`
          : sql`case when ${recipient.failures} + 1 >= ${policy.quarantineAfter} then coalesce(${recipient.quarantinedAt}, ${now.toISOString()}::timestamptz) else ${recipient.quarantinedAt} end`,
    })
    .where(eq(recipient.id, row.recipientId));
  return giveUp ? 'failed' : 'pending';
}

/** A delivery not attempted: its recipient was quarantined, or removed, after the fan-out. */
export async function recordSkipped(
  db: Db,
  row: DeliveryRow,
  status: Extract<DeliveryStatus, 'quarantined' | 'failed'>,
  detail: string,
  now: Date,
): Promise<void> {
  await db
    .update(deliveries)
    .set({ status, leaseUntil: null, lastResult: detail, updatedAt: now })
    .where(and(eq(deliveries.id, row.id), eq(deliveries.status, 'sending')));
}
