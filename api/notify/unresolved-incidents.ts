import { desc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { incidents, incidentUpdates } from '../../db/schema/index.ts';
import type { BuiltIncident } from '../core/queries/assemble.ts';
import { readIncidents } from '../core/queries/site-model.ts';
import { UNRESOLVED_INCIDENT_STATUSES } from '../core/vocab.ts';

/**
 * The unresolved incidents, built as the site model builds them (readIncidents): with the
 * components' rows, all that assembleFromIncidents needs for the shown component statuses and the
 * page indicator. A few incidents' rows however long the history, where the whole model reads
 * every incident, update and maintenance.
 */
export async function readUnresolvedIncidents(db: Db): Promise<BuiltIncident[]> {
  // An incident's status is its latest update's (the same rule as clock-events.ts's overdue alerts).
  const latestStatus = db
    .select({ status: incidentUpdates.status })
    .from(incidentUpdates)
    .where(eq(incidentUpdates.incidentId, incidents.id))
    .orderBy(desc(incidentUpdates.seq))
    .limit(1);
  const open = await db
    .select({ id: incidents.id })
    .from(incidents)
    .where(inArray(sql`(${latestStatus})`, [...UNRESOLVED_INCIDENT_STATUSES]));
  return open.length === 0
    ? []
    : readIncidents(
        db,
        open.map((i) => i.id),
      );
}
