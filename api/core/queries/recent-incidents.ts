import { desc } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { incidents } from '../../../db/schema/index.ts';
import type { BuiltIncident } from './assemble.ts';
import { readIncidents } from './site-model.ts';

/**
 * The `limit` newest incidents (by creation, then id, as the model orders them), built as the site
 * model builds them: what a list of recent incidents needs, without every incident's rows.
 */
export async function readRecentIncidents(db: Db, limit: number): Promise<BuiltIncident[]> {
  const newest = await db
    .select({ id: incidents.id })
    .from(incidents)
    .orderBy(desc(incidents.createdAt), desc(incidents.id))
    .limit(limit);
  return newest.length
    ? readIncidents(
        db,
        newest.map((r) => r.id),
      )
    : [];
}
