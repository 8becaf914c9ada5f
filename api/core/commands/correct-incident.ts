import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import {
  incidentDeletions,
  incidentEdits,
  incidentUpdateComponents,
  incidentUpdates,
  incidents,
  type INCIDENT_EDIT_KINDS,
} from '../../../db/schema/index.ts';
import { ConflictError, fieldIssue, NotFoundError } from '../errors.ts';
import { say } from '../messages/say.ts';
import { newId } from '../ids.ts';
import { parseInput } from '../input/common.ts';
import { deleteWithReasonInput, editIncidentInput, editIncidentUpdateInput } from '../input/incidents.ts';
import type { ComponentStatus } from '../vocab.ts';
import { assertComponentsExist } from './create-incident.ts';
import { OPERATOR } from './maintenance-records.ts';
import type { RecordCommandArgs, UpdateCommandArgs } from './command-args.ts';

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
type Changes = Record<string, { old: unknown; new: unknown }>;

/** One recorded correction of an incident, newest first when listed. */
export interface IncidentEdit {
  kind: (typeof INCIDENT_EDIT_KINDS)[number];
  updateId: string | null;
  at: Date;
  by: string;
  reason: string | null;
  changes: Changes;
}

/** The incident's rows, its posts oldest first (ties by insertion order) with the components each names. */
async function readIncident(db: Db | Tx, id: string) {
  const [incident] = await db.select().from(incidents).where(eq(incidents.id, id));
  if (!incident) throw new NotFoundError('incident', id);
  const updates = await db
    .select()
    .from(incidentUpdates)
    .where(eq(incidentUpdates.incidentId, id))
    .orderBy(asc(incidentUpdates.createdAt), asc(incidentUpdates.seq));
  const links = updates.length
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
  const componentsOf = (updateId: string): Record<string, ComponentStatus> =>
    Object.fromEntries(links.filter((l) => l.updateId === updateId).map((l) => [l.componentId, l.status]));
  return { incident, updates, componentsOf };
}

/** The incident's current word on each component it named: the latest post's status for each. */
function currentMap(updates: { id: string }[], componentsOf: (id: string) => Record<string, ComponentStatus>) {
  const map: Record<string, ComponentStatus> = {};
  for (const u of updates) Object.assign(map, componentsOf(u.id));
  return map;
}

const sameMap = (a: Record<string, string>, b: Record<string, string>) =>
  Object.keys(a).length === Object.keys(b).length && Object.entries(a).every(([k, v]) => b[k] === v);

async function record(
  tx: Tx,
  incidentId: string,
  edit: Omit<IncidentEdit, 'by' | 'updateId'> & { updateId?: string | null },
): Promise<void> {
  await tx.insert(incidentEdits).values({
    id: newId(),
    incidentId,
    kind: edit.kind,
    updateId: edit.updateId ?? null,
    at: edit.at,
    by: OPERATOR,
    reason: edit.reason,
    changes: edit.changes,
  });
}

/**
 * Correct an incident's title, impact or components. Each changed field is recorded with its old
 * and new value; a request that changes nothing writes nothing.
 */
export async function editIncident({
  db,
  now,
  id,
  input,
}: RecordCommandArgs): Promise<{ id: string; changed: boolean }> {
  const data = parseInput(editIncidentInput, input);
  const { incident, updates, componentsOf } = await readIncident(db, id);
  const changes: Changes = {};
  if (data.name !== undefined && data.name !== incident.name) changes.name = { old: incident.name, new: data.name };
  if (data.name_en !== undefined && (data.name_en ?? null) !== incident.nameEn)
    changes.name_en = { old: incident.nameEn, new: data.name_en ?? null };
  if (data.impact !== undefined && data.impact !== incident.impact)
    changes.impact = { old: incident.impact, new: data.impact };
  const before = currentMap(updates, componentsOf);
  const after = data.components;
  if (after && !sameMap(before, after)) {
    await assertComponentsExist(db, after);
    changes.components = { old: before, new: after };
  }
  if (Object.keys(changes).length === 0) return { id, changed: false };
  await db.transaction(async (tx) => {
    await tx
      .update(incidents)
      .set({
        updatedAt: now,
        ...(changes.name ? { name: data.name } : {}),
        ...(changes.name_en ? { nameEn: data.name_en ?? null } : {}),
        ...(changes.impact ? { impact: data.impact } : {}),
      })
      .where(eq(incidents.id, id));
    if (after && changes.components) {
      const removed = Object.keys(before).filter((c) => !(c in after));
      if (removed.length)
        await tx.delete(incidentUpdateComponents).where(
          and(
            inArray(
              incidentUpdateComponents.updateId,
              updates.map((u) => u.id),
            ),
            inArray(incidentUpdateComponents.componentId, removed),
          ),
        );
      // The latest post carries the corrected statuses, so the pages' current word is the new one.
      const latest = updates.at(-1)!;
      const rows = Object.entries(after)
        .filter(([c, s]) => before[c] !== s)
        .map(([componentId, status]) => ({ updateId: latest.id, componentId, status }));
      if (rows.length)
        await tx
          .insert(incidentUpdateComponents)
          .values(rows)
          .onConflictDoUpdate({
            target: [incidentUpdateComponents.updateId, incidentUpdateComponents.componentId],
            set: { status: sql`excluded.status` },
          });
    }
    await record(tx, id, { kind: 'incident_edited', at: now, reason: data.reason ?? null, changes });
  });
  return { id, changed: true };
}

async function findUpdate(db: Db, incidentId: string, updateId: string) {
  const read = await readIncident(db, incidentId);
  const index = read.updates.findIndex((u) => u.id === updateId);
  if (index < 0) throw new NotFoundError('update', updateId);
  return { ...read, update: read.updates[index]!, index };
}

/** Correct a post's text; the page marks it edited and the old text stays in the history. */
export async function editIncidentUpdate({
  db,
  now,
  incidentId,
  updateId,
  input,
}: UpdateCommandArgs): Promise<{ id: string; changed: boolean }> {
  const data = parseInput(editIncidentUpdateInput, input);
  const { update } = await findUpdate(db, incidentId, updateId);
  const changes: Changes = {};
  if (data.body !== undefined && data.body !== update.body) changes.body = { old: update.body, new: data.body };
  if (data.body_en !== undefined && (data.body_en ?? null) !== update.bodyEn)
    changes.body_en = { old: update.bodyEn, new: data.body_en ?? null };
  if (Object.keys(changes).length === 0) return { id: incidentId, changed: false };
  await db.transaction(async (tx) => {
    await tx
      .update(incidentUpdates)
      .set({
        editedAt: now,
        ...(changes.body ? { body: data.body } : {}),
        ...(changes.body_en ? { bodyEn: data.body_en ?? null } : {}),
      })
      .where(eq(incidentUpdates.id, updateId));
    await tx.update(incidents).set({ updatedAt: now }).where(eq(incidents.id, incidentId));
    await record(tx, incidentId, { kind: 'update_edited', updateId, at: now, reason: data.reason ?? null, changes });
  });
  return { id: incidentId, changed: true };
}

/**
 * Delete a post made by mistake. The first post opens the incident and cannot go (delete the
 * incident instead); the incident's status and promised next update follow the remaining latest post.
 */
export async function deleteIncidentUpdate({
  db,
  now,
  incidentId,
  updateId,
  input,
}: UpdateCommandArgs): Promise<{ id: string }> {
  const { reason } = parseInput(deleteWithReasonInput, input);
  const { update, index, updates, componentsOf } = await findUpdate(db, incidentId, updateId);
  if (index === 0)
    throw new ConflictError(say('conflict.firstUpdate'), [fieldIssue('updateId', say('field.firstUpdate'))]);
  const remaining = updates.filter((u) => u.id !== updateId);
  await db.transaction(async (tx) => {
    await tx.delete(incidentUpdates).where(eq(incidentUpdates.id, updateId));
    await tx
      .update(incidents)
      .set({ updatedAt: now, nextUpdateAt: remaining.at(-1)!.nextUpdateAt })
      .where(eq(incidents.id, incidentId));
    await record(tx, incidentId, {
      kind: 'update_deleted',
      updateId,
      at: now,
      reason,
      changes: {
        status: { old: update.status, new: null },
        body: { old: update.body, new: null },
        body_en: { old: update.bodyEn, new: null },
        components: { old: componentsOf(updateId), new: null },
        created_at: { old: update.createdAt.toISOString(), new: null },
      },
    });
  });
  return { id: incidentId };
}

/** Delete an incident published by mistake: gone from every channel; the deletion and a snapshot are kept. */
export async function deleteIncident({ db, now, id, input }: RecordCommandArgs): Promise<{ id: string }> {
  const { reason } = parseInput(deleteWithReasonInput, input);
  const { incident, updates, componentsOf } = await readIncident(db, id);
  const edits = await listIncidentEdits(db, id);
  await db.transaction(async (tx) => {
    await tx.insert(incidentDeletions).values({
      id: newId(),
      incidentId: id,
      at: now,
      by: OPERATOR,
      reason,
      snapshot: JSON.parse(
        JSON.stringify({
          incident,
          updates: updates.map((u) => ({ ...u, components: componentsOf(u.id) })),
          edits,
        }),
      ),
    });
    await tx.delete(incidents).where(eq(incidents.id, id));
  });
  return { id };
}

/** Every correction of an incident, newest first. */
export async function listIncidentEdits(db: Db, incidentId: string): Promise<IncidentEdit[]> {
  const rows = await db
    .select()
    .from(incidentEdits)
    .where(eq(incidentEdits.incidentId, incidentId))
    .orderBy(desc(incidentEdits.at), desc(incidentEdits.seq));
  return rows.map((r) => ({
    kind: r.kind,
    updateId: r.updateId,
    at: r.at,
    by: r.by,
    reason: r.reason,
    changes: r.changes,
  }));
}
