import type { IncidentView } from '../model.ts';
import type { ComponentStatus } from '../vocab.ts';
import { resolutionTime } from './resolution.ts';

export type NonOperationalStatus = Exclude<ComponentStatus, 'operational'>;

/** One stretch of time in which one incident held one component at one status: [start, end). */
export interface StatusInterval {
  componentId: string;
  incidentId: string;
  status: NonOperationalStatus;
  start: Date;
  end: Date;
  /** The incident has not yet said otherwise: `end` is `now`. */
  open: boolean;
}

/**
 * Per component, the intervals in which some incident held it at a non-operational status, sorted
 * by start. Intervals of different incidents may overlap; deciding who wins is the timeline's job.
 *
 * Rules (the sheet counts downtime from detection, not from our first post):
 * - an incident's first word on a component starts at its `detectedAt`, later words at the update's `createdAt`;
 * - a word lasts until the incident's next word on that component, its resolution, or `now`;
 * - nothing counts after `now` or after the resolution, whatever an update says.
 */
export function componentIntervals(incidents: readonly IncidentView[], now: Date): Map<string, StatusInterval[]> {
  const byComponent = new Map<string, StatusInterval[]>();
  const nowMs = now.getTime();
  for (const incident of incidents) {
    const resolvedAt = resolutionTime(incident);
    const stopMs = Math.min(resolvedAt?.getTime() ?? Infinity, nowMs);
    const current = new Map<string, { status: ComponentStatus; start: number }>();
    const seen = new Set<string>();
    const emit = (componentId: string, held: { status: ComponentStatus; start: number }, endMs: number, open: boolean) => {
      const end = Math.min(endMs, stopMs);
      if (held.status === 'operational' || end <= held.start) return;
      const list = byComponent.get(componentId) ?? [];
      list.push({ componentId, incidentId: incident.id, status: held.status, start: new Date(held.start), end: new Date(end), open });
      byComponent.set(componentId, list);
    };
    // `updates` is newest first with ties in insertion order, so walking it backwards is chronological.
    for (let i = incident.updates.length - 1; i >= 0; i--) {
      const update = incident.updates[i]!;
      const at = update.createdAt.getTime();
      for (const change of update.components) {
        const held = current.get(change.componentId);
        if (held?.status === change.status) continue;
        if (held) emit(change.componentId, held, at, false);
        const start = seen.has(change.componentId) ? at : Math.min(incident.detectedAt.getTime(), at);
        seen.add(change.componentId);
        current.set(change.componentId, { status: change.status, start });
      }
    }
    for (const [componentId, held] of current) emit(componentId, held, stopMs, resolvedAt === null || resolvedAt.getTime() > nowMs);
  }
  for (const list of byComponent.values()) list.sort((a, b) => a.start.getTime() - b.start.getTime());
  return byComponent;
}
