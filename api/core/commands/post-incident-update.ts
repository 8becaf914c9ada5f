import { eq } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { incidents } from '../../../db/schema/index.ts';
import { NotFoundError } from '../errors.ts';
import { enqueueIncidentEvent } from '../../notify/outbox/command-events.ts';
import { parseInput } from '../input/common.ts';
import { postIncidentUpdateInput } from '../input/incidents.ts';
import {
  assertComponentsExist,
  assertNextUpdate,
  insertUpdate,
  nextUpdateWarnings,
  type InputWarning,
} from './create-incident.ts';

export async function postIncidentUpdate({
  db,
  now,
  incidentId,
  input,
  intervalMinutes,
}: {
  db: Db;
  now: Date;
  incidentId: string;
  input: unknown;
  /** The configured update interval (UPDATE_INTERVAL_MINUTES), to warn about a promise beyond it. */
  intervalMinutes: number;
}): Promise<{ id: string; updateId: string; warnings: InputWarning[] }> {
  const data = parseInput(postIncidentUpdateInput, input);
  const [incident] = await db.select({ id: incidents.id }).from(incidents).where(eq(incidents.id, incidentId));
  if (!incident) throw new NotFoundError('incident', incidentId);
  assertNextUpdate(data.next_update_at, data.status, now);
  await assertComponentsExist(db, data.components);
  const updateId = await db.transaction(async (tx) => {
    await tx
      .update(incidents)
      // Each update fulfils the previous promise: a new one is set, or the default cadence resumes.
      .set({
        updatedAt: now,
        nextUpdateAt: data.next_update_at ?? null,
        ...(data.impact ? { impact: data.impact } : {}),
      })
      .where(eq(incidents.id, incidentId));
    const updateId = await insertUpdate(tx as unknown as Db, {
      incidentId,
      status: data.status,
      body: data.body,
      bodyEn: data.body_en ?? null,
      at: now,
      components: data.components,
      nextUpdateAt: data.next_update_at ?? null,
    });
    // A postmortem after the resolution is news of the incident, not a second resolution.
    const kind = data.status === 'resolved' ? 'incident.resolved' : 'incident.updated';
    await enqueueIncidentEvent(tx, { now, kind, incidentId, updateId });
    return updateId;
  });
  return { id: incidentId, updateId, warnings: nextUpdateWarnings(data.next_update_at, now, intervalMinutes) };
}
