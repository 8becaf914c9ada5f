import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { components, maintenanceHistory, maintenanceUpdates, maintenances } from '../../../db/schema/index.ts';
import { ConflictError, fieldIssue, ValidationError } from '../errors.ts';
import { say } from '../messages/say.ts';
import { newId } from '../ids.ts';
import type { MaintenanceHistoryEntry, MaintenanceStatus, MaintenanceView } from '../maintenance/types.ts';
import type { NotificationEvent } from '../../notify/events.ts';
import { enqueueEvent } from '../../notify/outbox/enqueue.ts';

/** Who acts until operator accounts exist (the history keeps it). */
export const OPERATOR = 'operator';

/** Every id must name an existing component; the error names each unknown one by its position. */
export async function assertComponentIds(db: Db, ids: readonly string[], field = 'components'): Promise<void> {
  if (ids.length === 0) return;
  const found = new Set(
    (
      await db
        .select({ id: components.id })
        .from(components)
        .where(inArray(components.id, [...ids]))
    ).map((r) => r.id),
  );
  const issues = ids.flatMap((id, i) =>
    found.has(id) ? [] : [fieldIssue(`${field}.${i}`, say('field.noComponent', { id }))],
  );
  if (issues.length) throw new ValidationError(issues);
}

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

export async function insertMaintenanceUpdate(
  db: Db | Tx,
  values: { maintenanceId: string; status: MaintenanceStatus; body: string; bodyEn: string | null; at: Date },
): Promise<string> {
  const id = newId();
  await db.insert(maintenanceUpdates).values({
    id,
    maintenanceId: values.maintenanceId,
    status: values.status,
    body: values.body,
    bodyEn: values.bodyEn,
    createdAt: values.at,
    displayAt: values.at,
  });
  return id;
}

/**
 * Stores what a pure edit (api/core/maintenance: reschedule, cancel, extend, progress) made of
 * `before`, with its history entry, in one transaction. The row is updated only if nobody else
 * changed it since it was read, so two edits at once cannot both bump SEQUENCE from the same value.
 * `event` is what customers are told of the edit, enqueued in the same transaction.
 */
export async function saveMaintenanceEdit(
  db: Db,
  before: MaintenanceView,
  after: MaintenanceView,
  extra: {
    entry?: MaintenanceHistoryEntry | null;
    update?: { body: string; bodyEn: string | null } | null;
    event?: NotificationEvent | null;
  } = {},
): Promise<void> {
  if (after === before) return;
  await db.transaction(async (tx) => {
    const o = after.overrides;
    const changed = await tx
      .update(maintenances)
      .set({
        scheduledFor: after.scheduledFor,
        scheduledUntil: after.scheduledUntil,
        announcedAt: after.announcedAt,
        shortNotice: after.shortNotice,
        shortNoticeReason: after.shortNoticeReason,
        sequence: after.sequence,
        startedAt: o.startedAt,
        verifyingAt: o.verifyingAt,
        finishedAt: o.finishedAt,
        extendedUntil: o.extendedUntil,
        cancelledAt: o.cancelledAt,
        cancelReason: o.cancelReason,
        updatedAt: after.updatedAt,
      })
      .where(
        and(
          eq(maintenances.id, before.id),
          eq(maintenances.sequence, before.sequence),
          eq(maintenances.updatedAt, before.updatedAt),
        ),
      )
      .returning({ id: maintenances.id });
    if (changed.length === 0) throw new ConflictError(say('conflict.changedMeanwhile'));
    if (extra.entry)
      await tx.insert(maintenanceHistory).values({ id: newId(), maintenanceId: before.id, ...extra.entry });
    if (extra.update)
      await insertMaintenanceUpdate(tx, {
        maintenanceId: before.id,
        status: after.status,
        body: extra.update.body,
        bodyEn: extra.update.bodyEn,
        at: after.updatedAt,
      });
    if (extra.event) await enqueueEvent(tx, extra.event);
  });
}
