import type { Db } from '../../../db/client.ts';
import { notificationEvents } from '../../../db/schema/index.ts';
import type { NotificationEvent } from '../events.ts';
import { encodeSubject } from './codec.ts';

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

/**
 * Records an event in the outbox. Call it with the transaction of the change that causes it
 * (transactional outbox): the event exists if and only if the change committed. Event ids are
 * deterministic, so a job that runs twice (a restart, two instances) adds the event once;
 * returns whether this call added it.
 */
export async function enqueueEvent(tx: Db | Tx, event: NotificationEvent): Promise<boolean> {
  const inserted = await tx
    .insert(notificationEvents)
    .values({
      id: event.id,
      kind: event.kind,
      occurredAt: event.occurredAt,
      subject: encodeSubject(event.subject),
      componentIds: event.componentIds,
    })
    .onConflictDoNothing({ target: notificationEvents.id })
    .returning({ id: notificationEvents.id });
  return inserted.length > 0;
}
