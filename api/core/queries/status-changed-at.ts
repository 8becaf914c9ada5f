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
  // Between two episodes (incidents whose updates overlap in time) no incident naming these
  // components is open, so the shown status is the manual one's worst: each episode starts and ends
  // there, and the last change is the last one of the latest episode that changed anything. Replaying
  // from the latest episode back stops at the first that did: after a write, the episode of the
  // newest incidents, instead of five years of updates at each publish (~40 ms on the serving thread).
  const episodes: Array<{ members: Array<{ incident: IncidentView; order: number }>; end: number }> = [];
  const named = incidents
    .filter((i) => i.updates.length > 0 && i.componentIds.some((id) => ids.has(id)))
    .map((incident, order) => {
      // `updates` is newest first: the first is the latest, and an incident left open never ends.
      const latest = incident.updates[0]!;
      const end = isUnresolved(latest.status) ? Number.POSITIVE_INFINITY : latest.createdAt.getTime();
      return { incident, order, start: incident.updates.at(-1)!.createdAt.getTime(), end };
    })
    .sort((a, b) => a.start - b.start || a.order - b.order);
  for (const entry of named) {
    const last = episodes.at(-1);
    // Updates at the very instant an episode ends stay in it: the replay's order among them is the input's.
    if (last && entry.start <= last.end) {
      last.members.push(entry);
      last.end = Math.max(last.end, entry.end);
    } else episodes.push({ members: [entry], end: entry.end });
  }
  for (let e = episodes.length - 1; e >= 0; e--) {
    // In input order, as one replay of everything would see updates posted at the same instant.
    const members = episodes[e]!.members.toSorted((a, b) => a.order - b.order).map((m) => m.incident);
    const changedAt = replay(ids, manualStatuses, members);
    if (changedAt) return changedAt;
  }
  return null;
}

/** Replays the updates of `incidents` in time order from the manual statuses: the last that changed the shown status. */
function replay(
  ids: ReadonlySet<string>,
  manualStatuses: readonly ComponentStatus[],
  incidents: readonly IncidentView[],
): Date | null {
  const events: StatusEvent[] = [];
  for (const incident of incidents) {
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
