import { parseInput } from '../input/common.ts';
import { maintenanceProgressInput } from '../input/maintenance.ts';
import { finishEarly } from '../maintenance/progress.ts';
import { findMaintenance } from '../queries/maintenance-model.ts';
import { saveMaintenanceEdit } from './maintenance-records.ts';
import type { RecordCommandArgs } from './command-args.ts';
import { maintenanceEvent } from '../../notify/outbox/command-events.ts';

/** Completed now, before the end of the window; an optional word is posted as an update. */
export async function finishMaintenance({ db, now, id, input }: RecordCommandArgs): Promise<{ id: string }> {
  const data = parseInput(maintenanceProgressInput, input);
  const before = await findMaintenance(db, id, now);
  const view = finishEarly(before, { now });
  await saveMaintenanceEdit(db, before, view, {
    update: data.body ? { body: data.body, bodyEn: data.body_en ?? null } : null,
    event: maintenanceEvent('maintenance.completed', view, now),
  });
  return { id };
}
