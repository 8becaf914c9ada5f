import type { Db } from '../../db/client.ts';
import { componentGroups, components } from '../../db/schema/index.ts';
import { assembleFromIncidents } from '../core/queries/assemble.ts';
import type { SiteSettings } from '../core/settings.ts';
import type { NotificationContext } from '../notify/events.ts';
import { readUnresolvedIncidents } from '../notify/unresolved-incidents.ts';

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
  const [groups, componentRows, built] = await Promise.all([
    db.select().from(componentGroups),
    db.select().from(components),
    readUnresolvedIncidents(db),
  ]);
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
