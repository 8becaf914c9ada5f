import type { IncidentView } from '../model.ts';
import { worstComponentStatus } from '../severity.ts';
import { isUnresolved, type ComponentStatus } from '../vocab.ts';

/**
 * When the status a page shows for `componentId` last changed because of incidents, or null when
 * incidents never changed it. The shown status is the worst of the manual status and every
 * unresolved incident's latest word on the component, so it can change at any update of an
 * incident that has named it (a new word, a resolution, a reopening). Replaying those updates in
 * order finds the last one that changed it; an update that repeats the status changes nothing, so
 * it does not count (an honest `updated_at`).
 *
 * The manual status is taken as it is now: its own changes are on the component row's `updated_at`.
 */
export function statusChangedAt(
  componentId: string,
  manualStatus: ComponentStatus,
  incidents: readonly IncidentView[],
): Date | null {
  const events: Array<{ at: Date; incidentId: string; unresolved: boolean; word: ComponentStatus | undefined }> = [];
  for (const incident of incidents) {
    if (!incident.componentIds.includes(componentId)) continue;
    // `updates` is newest first with ties in insertion order: walking it backwards is chronological.
    for (let i = incident.updates.length - 1; i >= 0; i--) {
      const u = incident.updates[i]!;
      const word = u.components.find((c) => c.componentId === componentId)?.status;
      events.push({ at: u.createdAt, incidentId: incident.id, unresolved: isUnresolved(u.status), word });
    }
  }
  // A stable sort keeps each incident's own order for updates posted at the same instant.
  events.sort((a, b) => a.at.getTime() - b.at.getTime());
  const held = new Map<string, { word: ComponentStatus | undefined; unresolved: boolean }>();
  const shown = () =>
    worstComponentStatus([
      manualStatus,
      ...[...held.values()].flatMap((h) => (h.unresolved && h.word ? [h.word] : [])),
    ]);
  let current = shown();
  let changedAt: Date | null = null;
  for (const e of events) {
    const before = held.get(e.incidentId);
    held.set(e.incidentId, { word: e.word ?? before?.word, unresolved: e.unresolved });
    const next = shown();
    if (next !== current) {
      current = next;
      changedAt = e.at;
    }
  }
  return changedAt;
}
