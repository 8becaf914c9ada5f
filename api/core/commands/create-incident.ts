import { inArray } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { components, incidentUpdateComponents, incidentUpdates, incidents } from '../../../db/schema/index.ts';
import { ValidationError } from '../errors.ts';
import { newId } from '../ids.ts';
import { parseInput } from '../input/common.ts';
import { createIncidentInput } from '../input/incidents.ts';
import { worstComponentStatus } from '../severity.ts';
import type { ComponentStatus, IncidentImpact } from '../vocab.ts';

/** Every id in the map must name an existing component; the error names each unknown one. */
export async function assertComponentsExist(db: Db, map: Record<string, ComponentStatus>): Promise<void> {
  const ids = Object.keys(map);
  if (ids.length === 0) return;
  const found = new Set(
    (await db.select({ id: components.id }).from(components).where(inArray(components.id, ids))).map((r) => r.id),
  );
  const missing = ids.filter((id) => !found.has(id));
  if (missing.length)
    throw new ValidationError(
      missing.map((id) => ({ field: `components.${id}`, message: `no component has the id "${id}"` })),
    );
}

/** A promised next update must lie in the future, or it would be late the moment it is published. */
export function assertNextUpdateAfter(at: Date | null | undefined, now: Date): void {
  if (at && at.getTime() <= now.getTime())
    throw new ValidationError([{ field: 'next_update_at', message: 'must be in the future' }]);
}

/** When the operator gives no impact, the worst component status this post sets decides it. */
export function impactFromComponents(map: Record<string, ComponentStatus>): IncidentImpact {
  const worst = worstComponentStatus(Object.values(map));
  return (
    {
      operational: 'none',
      under_maintenance: 'none',
      degraded_performance: 'minor',
      partial_outage: 'major',
      major_outage: 'critical',
    } as const
  )[worst];
}

export async function insertUpdate(
  db: Db,
  values: {
    incidentId: string;
    status: (typeof incidentUpdates.$inferInsert)['status'];
    body: string;
    bodyEn: string | null;
    at: Date;
    components: Record<string, ComponentStatus>;
  },
): Promise<string> {
  const updateId = newId();
  await db.insert(incidentUpdates).values({
    id: updateId,
    incidentId: values.incidentId,
    status: values.status,
    body: values.body,
    bodyEn: values.bodyEn,
    createdAt: values.at,
    displayAt: values.at,
  });
  const rows = Object.entries(values.components).map(([componentId, status]) => ({ updateId, componentId, status }));
  if (rows.length) await db.insert(incidentUpdateComponents).values(rows);
  return updateId;
}

export async function createIncident({
  db,
  now,
  input,
}: {
  db: Db;
  now: Date;
  input: unknown;
}): Promise<{ id: string }> {
  const data = parseInput(createIncidentInput, input);
  const detectedAt = data.detected_at ?? now;
  if (detectedAt.getTime() > now.getTime())
    throw new ValidationError([{ field: 'detected_at', message: 'must not be in the future' }]);
  assertNextUpdateAfter(data.next_update_at, now);
  await assertComponentsExist(db, data.components);
  const id = newId();
  await db.transaction(async (tx) => {
    await tx.insert(incidents).values({
      id,
      name: data.name,
      nameEn: data.name_en ?? null,
      impact: data.impact ?? impactFromComponents(data.components),
      detectedAt,
      createdAt: now,
      updatedAt: now,
      nextUpdateAt: data.next_update_at ?? null,
    });
    await insertUpdate(tx as unknown as Db, {
      incidentId: id,
      status: data.status,
      body: data.body,
      bodyEn: data.body_en ?? null,
      at: now,
      components: data.components,
    });
  });
  return { id };
}
