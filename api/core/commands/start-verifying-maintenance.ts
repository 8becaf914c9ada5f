import { parseInput } from '../input/common.ts';
import { maintenanceProgressInput } from '../input/maintenance.ts';
import { startVerifying } from '../maintenance/progress.ts';
import { findMaintenance } from '../queries/maintenance-model.ts';
import { saveMaintenanceEdit } from './maintenance-records.ts';
import type { RecordCommandArgs } from './command-args.ts';

/** The work is done and being checked; components stay under maintenance until it completes. */
export async function startVerifyingMaintenance({ db, now, id, input }: RecordCommandArgs): Promise<{ id: string }> {
  const data = parseInput(maintenanceProgressInput, input);
  const before = await findMaintenance(db, id, now);
  const view = startVerifying(before, { now });
  await saveMaintenanceEdit(db, before, view, {
    update: data.body ? { body: data.body, bodyEn: data.body_en ?? null } : null,
  });
  return { id };
}
