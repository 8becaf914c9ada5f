import { desc, eq } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { deliveries, notificationEvents } from '../../../db/schema/index.ts';
import type { DeliveryStatus, RecipientKind } from '../outbox/vocab.ts';

export interface DeliveryRecord {
  id: string;
  eventId: string;
  eventKind: string;
  occurredAt: Date;
  channel: 'email' | 'webhook';
  recipientKind: RecipientKind;
  recipientId: string;
  address: string;
  status: DeliveryStatus;
  attempts: number;
  lastResult: string | null;
  nextAttemptAt: Date;
  createdAt: Date;
  updatedAt: Date;
  deliveredAt: Date | null;
}

/** The most recent deliveries first, optionally of one status (the operators' record, issue 11). */
export async function listDeliveries(
  db: Db,
  { status, limit = 100 }: { status?: DeliveryStatus | undefined; limit?: number } = {},
): Promise<DeliveryRecord[]> {
  return db
    .select({
      id: deliveries.id,
      eventId: deliveries.eventId,
      eventKind: notificationEvents.kind,
      occurredAt: notificationEvents.occurredAt,
      channel: deliveries.channel,
      recipientKind: deliveries.recipientKind,
      recipientId: deliveries.recipientId,
      address: deliveries.address,
      status: deliveries.status,
      attempts: deliveries.attempts,
      lastResult: deliveries.lastResult,
      nextAttemptAt: deliveries.nextAttemptAt,
      createdAt: deliveries.createdAt,
      updatedAt: deliveries.updatedAt,
      deliveredAt: deliveries.deliveredAt,
    })
    .from(deliveries)
    .innerJoin(notificationEvents, eq(notificationEvents.id, deliveries.eventId))
    .where(status ? eq(deliveries.status, status) : undefined)
    .orderBy(desc(deliveries.updatedAt), desc(deliveries.id))
    .limit(limit);
}
