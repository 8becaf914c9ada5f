import { eq } from 'drizzle-orm';
import { maintenances } from '../../../db/schema/index.ts';
import { parseInput } from '../input/common.ts';
import { postMaintenanceUpdateInput } from '../input/maintenance.ts';
import { findMaintenance } from '../queries/maintenance-model.ts';
import { insertMaintenanceUpdate } from './maintenance-records.ts';
import type { RecordCommandArgs } from './command-args.ts';

/** A word on the page about a maintenance, stamped with the status it has now. */
export async function postMaintenanceUpdate({
  db,
  now,
  id,
  input,
}: RecordCommandArgs): Promise<{ id: string; updateId: string }> {
  const data = parseInput(postMaintenanceUpdateInput, input);
  const view = await findMaintenance(db, id, now);
  const updateId = await db.transaction(async (tx) => {
    await tx.update(maintenances).set({ updatedAt: now }).where(eq(maintenances.id, id));
    return insertMaintenanceUpdate(tx, {
      maintenanceId: id,
      status: view.status,
      body: data.body,
      bodyEn: data.body_en ?? null,
      at: now,
    });
  });
  return { id, updateId };
}
