import type { IncidentView } from '../model.ts';
import { resolutionTime } from './resolution.ts';

export interface UpdateDue {
  dueAt: Date;
  /** Strictly after `dueAt`: an update posted at the due minute is on time. */
  overdue: boolean;
  /** Whole minutes past `dueAt`, 0 when not overdue. */
  minutesLate: number;
}

export interface CadenceOptions {
  /** Minutes between public updates while an incident is active (the setting updateIntervalMinutes). */
  intervalMinutes: number;
  /** A time the operator promised on the page ("next update by 15:00"); it replaces the default interval. */
  operatorNextUpdateAt?: Date | null;
}

/** Whether a post promised its next update further away than the configured interval (allowed, but said on the page). */
export function promisedBeyondInterval(postedAt: Date, promisedAt: Date, intervalMinutes: number): boolean {
  return promisedAt.getTime() - postedAt.getTime() > intervalMinutes * 60_000;
}

/** When the next public update is due: the operator's promise, else the interval after the latest post; null once resolved. */
export function nextUpdateAt(incident: IncidentView, options: CadenceOptions): Date | null {
  if (resolutionTime(incident)) return null;
  if (options.operatorNextUpdateAt) return options.operatorNextUpdateAt;
  // Newest first; an incident with no update yet counts from its own publication.
  const latest = incident.updates[0]?.createdAt ?? incident.createdAt;
  return new Date(latest.getTime() + options.intervalMinutes * 60_000);
}

/** When the next public update of an active incident is due; null once it is resolved. */
export function nextUpdateDue(incident: IncidentView, options: CadenceOptions, now: Date): UpdateDue | null {
  const dueAt = nextUpdateAt(incident, options);
  if (!dueAt) return null;
  const lateMs = now.getTime() - dueAt.getTime();
  return { dueAt, overdue: lateMs > 0, minutesLate: lateMs > 0 ? Math.floor(lateMs / 60_000) : 0 };
}
