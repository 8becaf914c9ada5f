import type { Db } from '../../../db/client.ts';
import { componentGroups, components, incidentUpdateComponents, incidentUpdates, incidents } from '../../../db/schema/index.ts';
import type { SiteModel } from '../model.ts';
import { assembleSiteModel } from './assemble.ts';

/** Reads every published record in five queries (no N+1), then derives the model. */
export async function loadSiteModel({ db, now }: { db: Db; now: Date }): Promise<SiteModel> {
  const [groups, componentRows, incidentRows, updates, updateComponents] = await Promise.all([
    db.select().from(componentGroups),
    db.select().from(components),
    db.select().from(incidents),
    db.select().from(incidentUpdates),
    db.select().from(incidentUpdateComponents),
  ]);
  return assembleSiteModel(
    { groups, components: componentRows, incidents: incidentRows, updates: updates.map((u) => ({ ...u, seq: u.seq ?? 0 })), updateComponents },
    now,
  );
}
