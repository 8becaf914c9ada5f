import { desc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { componentGroups, components, incidents, incidentUpdates } from '../../db/schema/index.ts';
import { assembleFromIncidents } from '../core/queries/assemble.ts';
import { readIncidents } from '../core/queries/site-model.ts';
import type { SiteSettings } from '../core/settings.ts';
import { UNRESOLVED_INCIDENT_STATUSES } from '../core/vocab.ts';
import type { NotificationContext } from '../notify/events.ts';

/**
 * The site as a message needs it, read from the database (this thread holds no site model: the
 * render thread does): groups, components and the unresolved incidents only, which is all the shown
 * component statuses and the page indicator derive from (assembleFromIncidents), a few rows however
 * long the history. The indicator is the one at sending time, which a retry may find moved on.
 */
export async function readNotificationContext(
  db: Db,
  now: Date,
  settings: Pick<SiteSettings, 'siteUrl' | 'contact'>,
): Promise<NotificationContext> {
  // An incident's status is its latest update's (the same rule as clock-events.ts's overdue alerts).
  const latestStatus = db
    .select({ status: incidentUpdates.status })
    .from(incidentUpdates)
    .where(eq(incidentUpdates.incidentId, incidents.id))
    .orderBy(desc(incidentUpdates.seq))
    .limit(1);
  const [groups, componentRows, open] = await Promise.all([
    db.select().from(componentGroups),
    db.select().from(components),
    db
      .select({ id: incidents.id })
      .from(incidents)
      .where(inArray(sql`(${latestStatus})`, [...UNRESOLVED_INCIDENT_STATUSES])),
  ]);
  const built =
    open.length === 0
      ? []
      : await readIncidents(
          db,
          open.map((i) => i.id),
        );
  const model = assembleFromIncidents({ groups, components: componentRows }, built, now);
  return {
    settings: { siteUrl: settings.siteUrl, contact: settings.contact },
    components: model.components,
    indicator: model.indicator,
  };
}

/**
 * One context shared by the deliveries of a batch instead of read for each: kept until `forget()`
 * (after a write) or `maxAgeMs` (time alone may change nothing here, but a write on another instance may).
 */
export function cachedContext(read: () => Promise<NotificationContext>, maxAgeMs = 5_000) {
  let kept: { value: Promise<NotificationContext>; at: number } | null = null;
  return {
    get(): Promise<NotificationContext> {
      if (!kept || performance.now() - kept.at > maxAgeMs) {
        const value = read();
        kept = { value, at: performance.now() };
        // A failed read is not kept: the next delivery tries again.
        value.catch(() => {
          if (kept?.value === value) kept = null;
        });
      }
      return kept.value;
    },
    forget(): void {
      kept = null;
    },
  };
}
