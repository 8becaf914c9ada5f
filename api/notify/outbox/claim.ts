import { and, asc, eq, inArray, lte, or, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { deliveries } from '../../../db/schema/index.ts';

export type DeliveryRow = typeof deliveries.$inferSelect;

/**
 * Leases up to `limit` due deliveries: pending ones whose time has come, and sending ones whose
 * lease ran out (their worker died, or hung, mid-send). The lease (status `sending`, `lease_until`,
 * the attempt counted) is committed before anything is sent, so a crash after this point leaves
 * the delivery to be taken again when the lease ends; SKIP LOCKED keeps two workers off one row.
 */
export async function claimDue(db: Db, now: Date, { limit, leaseMs }: { limit: number; leaseMs: number }) {
  return db.transaction(async (tx) => {
    const due = await tx
      .select({ id: deliveries.id })
      .from(deliveries)
      .where(
        or(
          and(eq(deliveries.status, 'pending'), lte(deliveries.nextAttemptAt, now)),
          and(eq(deliveries.status, 'sending'), lte(deliveries.leaseUntil, now)),
        ),
      )
      .orderBy(asc(deliveries.nextAttemptAt), asc(deliveries.id))
      .limit(limit)
      .for('update', { skipLocked: true });
    if (due.length === 0) return [];
    return tx
      .update(deliveries)
      .set({
        status: 'sending',
        leaseUntil: new Date(now.getTime() + leaseMs),
        attempts: sql`${deliveries.attempts} + 1`,
        updatedAt: now,
      })
      .where(
        inArray(
          deliveries.id,
          due.map((d) => d.id),
        ),
      )
      .returning();
  });
}
