import type { Db } from '../../../db/client.ts';
import { components, maintenanceComponents, maintenances } from '../../../db/schema/index.ts';
import { fieldIssue, ValidationError } from '../errors.ts';
import { say } from '../messages/say.ts';
import { newId } from '../ids.ts';
import { parseInput } from '../input/common.ts';
import { createMaintenanceInput } from '../input/maintenance.ts';
import { requireWindow } from '../maintenance/edits.ts';
import type { LeadTimePolicy } from '../maintenance/lead-time-policy.ts';
import { checkLeadTime } from '../maintenance/lead-time.ts';
import { assertComponentIds } from './maintenance-records.ts';
import { maintenanceEvent } from '../../notify/outbox/command-events.ts';
import { enqueueEvent } from '../../notify/outbox/enqueue.ts';
import { findMaintenance } from '../queries/maintenance-model.ts';

/**
 * Announce a one-off maintenance, now. It must give the policy's notice (the sheet's is 6 months)
 * or be marked short-notice with a reason, which the page then shows.
 */
export async function createMaintenance({
  db,
  now,
  input,
  policy,
}: {
  db: Db;
  now: Date;
  input: unknown;
  policy: LeadTimePolicy;
}): Promise<{ id: string }> {
  const data = parseInput(createMaintenanceInput, input);
  requireWindow(data.scheduled_for, data.scheduled_until, now);
  let componentIds: string[];
  if (data.components === 'all') {
    componentIds = (await db.select({ id: components.id }).from(components)).map((c) => c.id);
    if (componentIds.length === 0) throw new ValidationError([fieldIssue('components', say('field.noComponentsYet'))]);
  } else {
    componentIds = data.components;
    await assertComponentIds(db, componentIds);
  }
  const lead = checkLeadTime({
    kind: 'maintenance',
    announcedAt: now,
    effectiveAt: data.scheduled_for,
    policy,
    shortNotice: data.short_notice,
  });
  const id = newId();
  await db.transaction(async (tx) => {
    await tx.insert(maintenances).values({
      id,
      title: data.title,
      titleEn: data.title_en ?? null,
      body: data.body,
      bodyEn: data.body_en ?? null,
      scheduledFor: data.scheduled_for,
      scheduledUntil: data.scheduled_until,
      announcedAt: now,
      shortNotice: lead.shortNotice,
      shortNoticeReason: lead.shortNoticeReason,
      createdAt: now,
      updatedAt: now,
    });
    await tx
      .insert(maintenanceComponents)
      .values(componentIds.map((componentId) => ({ maintenanceId: id, componentId })));
    await enqueueEvent(tx, maintenanceEvent('maintenance.announced', await findMaintenance(tx as Db, id, now), now));
  });
  return { id };
}
