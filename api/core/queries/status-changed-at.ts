import type { IncidentView } from '../model.ts';
import { worstComponentStatus } from '../severity.ts';
import { isUnresolved, type ComponentStatus } from '../vocab.ts';

interface StatusEvent {
  at: Date;
  incidentId: string;
  unresolved: boolean;
  /** What this update said about the components asked about, by component id. */
  words: ReadonlyArray<readonly [string, ComponentStatus]>;
}

/**
 * When the status a page shows for `componentIds` (one component, or a group's members, whose
 * shown status is the worst of theirs) last changed because of incidents, or null when incidents
 * never changed it. A component's shown status is the worst of its manual status and every
 * unresolved incident's latest word on it, so it can change at any update of an incident that has
 * named it (a new word, a resolution, a reopening). Replaying those updates in order finds the last
 * one that changed it; an update that repeats the status changes nothing, so it does not count
 * (an honest `updated_at`).
 *
 * Manual statuses are taken as they are now: their own changes are on the rows' `updated_at`.
 */
export function statusChangedAt(
  componentIds: readonly string[],
  manualStatuses: readonly ComponentStatus[],
  incidents: readonly IncidentView[],
): Date | null {
  const ids = new Set(componentIds);
  const events: StatusEvent[] = [];
  for (const incident of incidents) {
    if (!incident.componentIds.some((id) => ids.has(id))) continue;
    // `updates` is newest first with ties in insertion order: walking it backwards is chronological.
    for (let i = incident.updates.length - 1; i >= 0; i--) {
      const u = incident.updates[i]!;
      const words = u.components.filter((c) => ids.has(c.componentId)).map((c) => [c.componentId, c.status] as const);
      events.push({ at: u.createdAt, incidentId: incident.id, unresolved: isUnresolved(u.status), words });
    }
  }
  // A stable sort keeps each incident's own order for updates posted at the same instant.
  events.sort((a, b) => a.at.getTime() - b.at.getTime());
  const held = new Map<string, Map<string, ComponentStatus>>();
  // Only unresolved incidents count: looking at these alone keeps years of resolved history from
  // making each step cost as much as the whole history (it did: a quarter of a second on five years).
  const open = new Set<string>();
  const shown = () =>
    worstComponentStatus([...manualStatuses, ...[...open].flatMap((id) => [...held.get(id)!.values()])]);
  let current = shown();
  let changedAt: Date | null = null;
  for (const e of events) {
    const words = held.get(e.incidentId) ?? new Map<string, ComponentStatus>();
    for (const [id, status] of e.words) words.set(id, status);
    held.set(e.incidentId, words);
    if (e.unresolved) open.add(e.incidentId);
    else open.delete(e.incidentId);
    const next = shown();
    if (next !== current) {
      current = next;
      changedAt = e.at;
    }
  }
  return changedAt;
}
