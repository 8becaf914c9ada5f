import type { MaintenanceStatus, MaintenanceTiming } from './types.ts';

/**
 * The phases a maintenance goes through, from its window and the operators' overrides.
 * Invariants: start ≤ verifyingFrom ≤ completedAt; completion is automatic at the end of the
 * (possibly extended) window — finishing early only brings it forward, and running over needs an
 * explicit extension, so the page never shows maintenance beyond what was announced.
 */
export interface MaintenancePhases {
  cancelled: boolean;
  /** In progress from here (the operator's recorded start, else the scheduled start). */
  start: Date;
  /** Verifying from here until completion; null if the operators never entered verification. */
  verifyingFrom: Date | null;
  completedAt: Date;
}

function latest(...dates: Date[]): Date {
  return new Date(Math.max(...dates.map((d) => d.getTime())));
}

function earliest(...dates: Date[]): Date {
  return new Date(Math.min(...dates.map((d) => d.getTime())));
}

export function maintenancePhases(m: MaintenanceTiming): MaintenancePhases {
  const o = m.overrides;
  const start = o.startedAt ?? m.scheduledFor;
  const end = latest(start, o.extendedUntil ?? m.scheduledUntil);
  const completedAt = o.finishedAt ? latest(start, earliest(o.finishedAt, end)) : end;
  const verifyingFrom = o.verifyingAt && o.verifyingAt < completedAt ? latest(start, o.verifyingAt) : null;
  return { cancelled: o.cancelledAt !== null, start, verifyingFrom, completedAt };
}

/**
 * Scheduled before the start, in progress from it, completed at the end (both automatic);
 * verifying between the operator's "verifying" and completion; cancelled whatever the time
 * (only a maintenance that has not started can be cancelled: see cancel.ts).
 */
export function maintenanceStatus(m: MaintenanceTiming, now: Date): MaintenanceStatus {
  const p = maintenancePhases(m);
  if (p.cancelled) return 'cancelled';
  if (now < p.start) return 'scheduled';
  if (now >= p.completedAt) return 'completed';
  if (p.verifyingFrom && now >= p.verifyingFrom) return 'verifying';
  return 'in_progress';
}

/** The next instant after `now` at which the status changes by itself (null: it never will), so a scheduler can republish then. */
export function nextTransitionAt(m: MaintenanceTiming, now: Date): Date | null {
  const p = maintenancePhases(m);
  if (p.cancelled) return null;
  const current = maintenanceStatus(m, now);
  const candidates = [p.start, p.verifyingFrom, p.completedAt]
    .filter((t): t is Date => t !== null && t > now)
    .sort((a, b) => a.getTime() - b.getTime());
  return candidates.find((t) => maintenanceStatus(m, t) !== current) ?? null;
}

/**
 * The span during which the maintenance held its components, clipped at `now` (null if it was
 * cancelled or has not started): what availability subtracts from planned service time.
 */
export function activeSpan(m: MaintenanceTiming, now: Date): { start: Date; end: Date } | null {
  const p = maintenancePhases(m);
  if (p.cancelled || now <= p.start) return null;
  return { start: p.start, end: earliest(now, p.completedAt) };
}
