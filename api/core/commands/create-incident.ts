import { inArray } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { components, incidentUpdateComponents, incidentUpdates, incidents } from '../../../db/schema/index.ts';
import { fieldIssue, ValidationError } from '../errors.ts';
import { say } from '../messages/say.ts';
import { newId } from '../ids.ts';
import { enqueueIncidentEvent } from '../../notify/outbox/command-events.ts';
import { parseInput } from '../input/common.ts';
import { createIncidentInput } from '../input/incidents.ts';
import { promisedBeyondInterval } from '../service-levels/cadence.ts';
import { worstComponentStatus } from '../severity.ts';
import { isUnresolved, type ComponentStatus, type IncidentImpact, type IncidentStatus } from '../vocab.ts';

/** Every id in the map must name an existing component; the error names each unknown one. */
export async function assertComponentsExist(db: Db, map: Record<string, ComponentStatus>): Promise<void> {
  const ids = Object.keys(map);
  if (ids.length === 0) return;
  const found = new Set(
    (await db.select({ id: components.id }).from(components).where(inArray(components.id, ids))).map((r) => r.id),
  );
  const missing = ids.filter((id) => !found.has(id));
  if (missing.length)
    throw new ValidationError(missing.map((id) => fieldIssue(`components.${id}`, say('field.noComponent', { id }))));
}

/**
 * A promised next update must lie in the future, or it would be late the moment it is published;
 * and a post that resolves the incident promises nothing more.
 */
export function assertNextUpdate(at: Date | null | undefined, status: IncidentStatus, now: Date): void {
  if (!at) return;
  if (!isUnresolved(status))
    throw new ValidationError([fieldIssue('next_update_at', say('field.nextUpdateNotHere', { status }))]);
  if (at.getTime() <= now.getTime()) throw new ValidationError([fieldIssue('next_update_at', say('field.inFuture'))]);
}

/** A problem cannot have been detected after it is reported: the first-notice time counts from it. */
export function assertDetectedAt(at: Date | undefined, now: Date): void {
  if (at && at.getTime() > now.getTime())
    throw new ValidationError([fieldIssue('detected_at', say('field.notInFuture'))]);
}

/** Accepted, but said back to the operator: something customers will read that they may not have meant. */
export interface InputWarning {
  field: string;
  detail: string;
}

/** A promise further away than the configured interval keeps customers waiting longer than the sheet says. */
export function nextUpdateWarnings(at: Date | null | undefined, now: Date, intervalMinutes: number): InputWarning[] {
  if (!at || !promisedBeyondInterval(now, at, intervalMinutes)) return [];
  return [
    {
      field: 'next_update_at',
      detail: `is more than ${intervalMinutes} minutes away, longer than the update interval customers are promised; the incident page says so beside the time`,
    },
  ];
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
    /** The next update this post promises, if any. */
    nextUpdateAt: Date | null;
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
    nextUpdateAt: values.nextUpdateAt,
  });
  const rows = Object.entries(values.components).map(([componentId, status]) => ({ updateId, componentId, status }));
  if (rows.length) await db.insert(incidentUpdateComponents).values(rows);
  return updateId;
}

export async function createIncident({
  db,
  now,
  input,
  intervalMinutes,
}: {
  db: Db;
  now: Date;
  input: unknown;
  /** The configured update interval (UPDATE_INTERVAL_MINUTES), to warn about a promise beyond it. */
  intervalMinutes: number;
}): Promise<{ id: string; warnings: InputWarning[] }> {
  const data = parseInput(createIncidentInput, input);
  assertDetectedAt(data.detected_at, now);
  const detectedAt = data.detected_at ?? now;
  assertNextUpdate(data.next_update_at, data.status, now);
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
    const updateId = await insertUpdate(tx as unknown as Db, {
      incidentId: id,
      status: data.status,
      body: data.body,
      bodyEn: data.body_en ?? null,
      at: now,
      components: data.components,
      nextUpdateAt: data.next_update_at ?? null,
    });
    await enqueueIncidentEvent(tx, { now, kind: 'incident.created', incidentId: id, updateId });
  });
  return { id, warnings: nextUpdateWarnings(data.next_update_at, now, intervalMinutes) };
}
