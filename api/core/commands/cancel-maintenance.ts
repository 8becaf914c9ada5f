import { parseInput } from '../input/common.ts';
import { cancelMaintenanceInput } from '../input/maintenance.ts';
import { cancel } from '../maintenance/cancel.ts';
import { findMaintenance } from '../queries/maintenance-model.ts';
import { OPERATOR, saveMaintenanceEdit } from './maintenance-records.ts';
import type { RecordCommandArgs } from './command-args.ts';
import { maintenanceEvent } from '../../notify/outbox/command-events.ts';

/** Cancel a maintenance that has not started; it stays published, marked cancelled, with the reason. */
export async function cancelMaintenance({ db, now, id, input }: RecordCommandArgs): Promise<{ id: string }> {
  const data = parseInput(cancelMaintenanceInput, input);
  const before = await findMaintenance(db, id, now);
  const { view, entry } = cancel(before, { by: OPERATOR, reason: data.reason, now });
  await saveMaintenanceEdit(db, before, view, { entry, event: maintenanceEvent('maintenance.cancelled', view, now) });
  return { id };
}
