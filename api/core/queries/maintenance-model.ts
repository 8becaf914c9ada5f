import { eq } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import {
  maintenanceComponents,
  maintenanceHistory,
  maintenanceUpdates,
  maintenances,
  noticeComponents,
  notices,
} from '../../../db/schema/index.ts';
import { NotFoundError } from '../errors.ts';
import type { MaintenanceView, NoticeView } from '../maintenance/types.ts';
import { assembleMaintenances, type MaintenanceRows } from './assemble-maintenance.ts';
import { together } from './together.ts';

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
  return {
    maintenances: maintenanceRows,
    maintenanceComponents: links,
    history,
    updates,
    notices: noticeRows,
    noticeComponents: noticeLinks,
  };
}

/** Maintenances (by start) and notices (newest announcement first), statuses derived at `now`. */
export async function loadMaintenances({
  db,
  now,
}: {
  db: Db;
  now: Date;
}): Promise<{ maintenances: MaintenanceView[]; notices: NoticeView[] }> {
  return assembleMaintenances(await loadMaintenanceRows(db), now);
}

const NO_ROWS: MaintenanceRows = {
  maintenances: [],
  maintenanceComponents: [],
  history: [],
  updates: [],
  notices: [],
  noticeComponents: [],
};

/**
 * One maintenance with its children, status derived at `now`; NotFoundError when there is none.
 * Also read within a transaction (a maintenance created, the standing window's next occurrence):
 * see together().
 */
export async function findMaintenance(db: Db, id: string, now: Date): Promise<MaintenanceView> {
  const [rows, links, history, updates] = await together(
    db,
    () => db.select().from(maintenances).where(eq(maintenances.id, id)),
    () => db.select().from(maintenanceComponents).where(eq(maintenanceComponents.maintenanceId, id)),
    () => db.select().from(maintenanceHistory).where(eq(maintenanceHistory.maintenanceId, id)),
    () => db.select().from(maintenanceUpdates).where(eq(maintenanceUpdates.maintenanceId, id)),
  );
  const [view] = assembleMaintenances(
    { ...NO_ROWS, maintenances: rows, maintenanceComponents: links, history, updates },
    now,
  ).maintenances;
  if (!view) throw new NotFoundError('maintenance', id);
  return view;
}

/** One notice with its components; NotFoundError when there is none. */
export async function findNotice(db: Db, id: string, now: Date): Promise<NoticeView> {
  const [rows, links] = await together(
    db,
    () => db.select().from(notices).where(eq(notices.id, id)),
    () => db.select().from(noticeComponents).where(eq(noticeComponents.noticeId, id)),
  );
  const [view] = assembleMaintenances({ ...NO_ROWS, notices: rows, noticeComponents: links }, now).notices;
  if (!view) throw new NotFoundError('notice', id);
  return view;
}
