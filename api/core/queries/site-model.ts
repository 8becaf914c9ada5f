import type { Db } from '../../../db/client.ts';
import {
  componentGroups,
  components,
  incidentUpdateComponents,
  incidentUpdates,
  incidents,
} from '../../../db/schema/index.ts';
import type { SiteModel } from '../model.ts';
import { applyMaintenance } from './apply-maintenance.ts';
import { assembleMaintenances } from './assemble-maintenance.ts';
import { assembleSiteModel } from './assemble.ts';
import { loadMaintenanceRows } from './maintenance-model.ts';

/** Reads every published record in a fixed number of queries (no N+1), then derives the model. */
export async function loadSiteModel({ db, now }: { db: Db; now: Date }): Promise<SiteModel> {
  const [groups, componentRows, incidentRows, updates, updateComponents, maintenanceRows] = await Promise.all([
    db.select().from(componentGroups),
    db.select().from(components),
    db.select().from(incidents),
    db.select().from(incidentUpdates),
    db.select().from(incidentUpdateComponents),
    loadMaintenanceRows(db),
  ]);
  const model = assembleSiteModel(
    {
      groups,
      components: componentRows,
      incidents: incidentRows,
      updates: updates.map((u) => ({ ...u, seq: u.seq ?? 0 })),
      updateComponents,
    },
    now,
  );
  return applyMaintenance(model, { ...assembleMaintenances(maintenanceRows, now), now });
}
