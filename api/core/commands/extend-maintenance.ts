import { parseInput } from '../input/common.ts';
import { extendMaintenanceInput } from '../input/maintenance.ts';
import { extend } from '../maintenance/extend.ts';
import { findMaintenance } from '../queries/maintenance-model.ts';
import { OPERATOR, saveMaintenanceEdit } from './maintenance-records.ts';
import type { RecordCommandArgs } from './command-args.ts';
import { maintenanceEvent } from '../../notify/outbox/command-events.ts';

/** Push back the end of a maintenance under way; recorded in the history. */
export async function extendMaintenance({ db, now, id, input }: RecordCommandArgs): Promise<{ id: string }> {
  const data = parseInput(extendMaintenanceInput, input);
  const before = await findMaintenance(db, id, now);
  const { view, entry } = extend(before, { until: data.extended_until, by: OPERATOR, reason: data.reason, now });
  await saveMaintenanceEdit(db, before, view, {
    entry,
    event: maintenanceEvent('maintenance.extended', view, now, before),
  });
  return { id };
}
