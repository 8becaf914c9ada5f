import type { Db } from '../../../db/client.ts';
import { maintenanceComponents, maintenanceHistory, maintenanceUpdates, maintenances, noticeComponents, notices } from '../../../db/schema/index.ts';
import type { MaintenanceView, NoticeView } from '../maintenance/types.ts';
import { assembleMaintenances, type MaintenanceRows } from './assemble-maintenance.ts';

/** Every maintenance and notice with their children, in six queries (no N+1). */
export async function loadMaintenanceRows(db: Db): Promise<MaintenanceRows> {
  const [maintenanceRows, links, history, updates, noticeRows, noticeLinks] = await Promise.all([
    db.select().from(maintenances),
    db.select().from(maintenanceComponents),
    db.select().from(maintenanceHistory),
    db.select().from(maintenanceUpdates),
    db.select().from(notices),
    db.select().from(noticeComponents),
  ]);
  return { maintenances: maintenanceRows, maintenanceComponents: links, history, updates, notices: noticeRows, noticeComponents: noticeLinks };
}

/** Maintenances (by start) and notices (newest announcement first), statuses derived at `now`. */
export async function loadMaintenances({ db, now }: { db: Db; now: Date }): Promise<{ maintenances: MaintenanceView[]; notices: NoticeView[] }> {
  return assembleMaintenances(await loadMaintenanceRows(db), now);
}
