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
 * Query after query, not at once: `db` may be a transaction, whose one session runs one at a time.
 */
export async function findMaintenance(db: Db, id: string, now: Date): Promise<MaintenanceView> {
  const rows = await db.select().from(maintenances).where(eq(maintenances.id, id));
  const links = await db.select().from(maintenanceComponents).where(eq(maintenanceComponents.maintenanceId, id));
  const history = await db.select().from(maintenanceHistory).where(eq(maintenanceHistory.maintenanceId, id));
  const updates = await db.select().from(maintenanceUpdates).where(eq(maintenanceUpdates.maintenanceId, id));
  const [view] = assembleMaintenances(
    { ...NO_ROWS, maintenances: rows, maintenanceComponents: links, history, updates },
    now,
  ).maintenances;
  if (!view) throw new NotFoundError('maintenance', id);
  return view;
}

/** One notice with its components; NotFoundError when there is none. One query after the other (see findMaintenance). */
export async function findNotice(db: Db, id: string, now: Date): Promise<NoticeView> {
  const rows = await db.select().from(notices).where(eq(notices.id, id));
  const links = await db.select().from(noticeComponents).where(eq(noticeComponents.noticeId, id));
  const [view] = assembleMaintenances({ ...NO_ROWS, notices: rows, noticeComponents: links }, now).notices;
  if (!view) throw new NotFoundError('notice', id);
  return view;
}
