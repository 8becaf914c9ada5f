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
/**
 * The intervals of each incident resolved by the time asked about, kept while its view lives: they
 * no longer depend on `now`, and a model after a write shares its unchanged incidents' views, so a
 * publish derives the intervals of the incidents that are open or changed, not of five years.
 */
const settledIntervals = new WeakMap<IncidentView, readonly StatusInterval[]>();

export function componentIntervals(incidents: readonly IncidentView[], now: Date): Map<string, StatusInterval[]> {
  const byComponent = new Map<string, StatusInterval[]>();
  const nowMs = now.getTime();
  const add = (interval: StatusInterval) => {
    let list = byComponent.get(interval.componentId);
    if (!list) {
      list = [];
      byComponent.set(interval.componentId, list);
    }
    list.push(interval);
  };
  for (const incident of incidents) {
    const resolvedAt = resolutionTime(incident);
    const settled = resolvedAt !== null && resolvedAt.getTime() <= nowMs;
    const kept = settled ? settledIntervals.get(incident) : undefined;
    if (kept) {
      for (const interval of kept) add(interval);
      continue;
    }
    const own: StatusInterval[] = [];
    const stopMs = Math.min(resolvedAt?.getTime() ?? Infinity, nowMs);
    const open = stopMs === nowMs && (resolvedAt === null || resolvedAt.getTime() > nowMs);
    const emit = (held: Held, endMs: number, isOpen: boolean) => {
      const end = Math.min(endMs, stopMs);
      if (held.status === 'operational' || end <= held.start) return;
      own.push({
        componentId: held.componentId,
        incidentId: incident.id,
        status: held.status,
        start: new Date(held.start),
        end: new Date(end),
        open: isOpen,
      });
    };
    // An incident names a handful of components: a short array beats a Map per incident.
    const held: Held[] = [];
    // `updates` is newest first with ties in insertion order, so walking it backwards is chronological.
    for (let i = incident.updates.length - 1; i >= 0; i--) {
      const update = incident.updates[i]!;
      const at = update.createdAt.getTime();
      for (const change of update.components) {
        const current = held.find((h) => h.componentId === change.componentId);
        if (!current) {
          held.push({
            componentId: change.componentId,
            status: change.status,
            start: Math.min(incident.detectedAt.getTime(), at),
          });
        } else if (current.status !== change.status) {
          emit(current, at, false);
          current.status = change.status;
          current.start = at;
        }
      }
    }
    for (const h of held) emit(h, stopMs, open);
    for (const interval of own) add(interval);
    if (settled) settledIntervals.set(incident, own);
  }
  for (const list of byComponent.values()) list.sort((a, b) => a.start.getTime() - b.start.getTime());
  return byComponent;
}

interface Held {
  componentId: string;
  status: ComponentStatus;
  start: number;
}
