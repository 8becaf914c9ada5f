import { eq, inArray } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { incidentUpdateComponents, incidentUpdates, incidents } from '../../../db/schema/index.ts';
import { NotFoundError } from '../errors.ts';
import type { IncidentView } from '../model.ts';
import { assembleSiteModel } from './assemble.ts';

/** One incident with its timeline, read by id (three small queries instead of the whole site model). */
export async function loadIncident({ db, now, id }: { db: Db; now: Date; id: string }): Promise<IncidentView> {
  const [incident] = await db.select().from(incidents).where(eq(incidents.id, id));
  if (!incident) throw new NotFoundError('incident', id);
  const updates = await db.select().from(incidentUpdates).where(eq(incidentUpdates.incidentId, id));
  const updateComponents = updates.length
    ? await db
        .select()
        .from(incidentUpdateComponents)
        .where(
          inArray(
            incidentUpdateComponents.updateId,
            updates.map((u) => u.id),
          ),
        )
    : [];
  // The same derivation as the site model, applied to this incident's rows alone.
  const model = assembleSiteModel(
    {
      groups: [],
      components: [],
      incidents: [incident],
      updates: updates.map((u) => ({ ...u, seq: u.seq ?? 0 })),
      updateComponents,
    },
    now,
  );
  return model.incidents[0]!;
}
