import type { Db } from '../../../db/client.ts';
import { parseInput } from '../input/common.ts';
import { rescheduleMaintenanceInput } from '../input/maintenance.ts';
import type { LeadTimePolicy } from '../maintenance/lead-time-policy.ts';
import { reschedule } from '../maintenance/reschedule.ts';
import { findMaintenance } from '../queries/maintenance-model.ts';
import { OPERATOR, saveMaintenanceEdit } from './maintenance-records.ts';
import { maintenanceEvent } from '../../notify/outbox/command-events.ts';

/** Move a maintenance that has not started; the new window is announced now and kept in the history. */
export async function rescheduleMaintenance({
  db,
  now,
  id,
  input,
  policy,
}: {
  db: Db;
  now: Date;
  id: string;
  input: unknown;
  policy: LeadTimePolicy;
}): Promise<{ id: string; changed: boolean }> {
  const data = parseInput(rescheduleMaintenanceInput, input);
  const before = await findMaintenance(db, id, now);
  const { view, entry } = reschedule(before, {
    start: data.scheduled_for,
    end: data.scheduled_until,
    by: OPERATOR,
    reason: data.reason,
    now,
    policy,
    shortNotice: data.short_notice,
  });
  await saveMaintenanceEdit(db, before, view, {
    entry,
    // No entry: the same window again, nothing to tell.
    event: entry ? maintenanceEvent('maintenance.rescheduled', view, now, before) : null,
  });
  return { id, changed: entry !== null };
}
