import type { IncidentView } from '../model.ts';
import { isUnresolved } from '../vocab.ts';
import { nextUpdateDue } from './cadence.ts';

const MINUTE = 60_000;

/** How well the update promise (sheet No. 17, "every 30 minutes") was kept. */
export interface CadenceFigures {
  intervalMinutes: number;
  /** Gaps between consecutive public posts while the incident was active (first post → next, …). */
  gapCount: number;
  /** Gaps no longer than the interval. */
  metCount: number;
  longestGapMinutes: number | null;
  /** Active incidents whose next update is overdue at `now`. */
  overdueNow: number;
}

/**
 * Measured against the configured interval, not against operators' own "next update by" promises:
 * only the current promise is stored, and the sheet is what customers were promised. A gap ends
 * at the next post whatever it says, resolution included.
 */
export function updateCadenceFigures(
  incidents: readonly IncidentView[],
  now: Date,
  options: { intervalMinutes: number },
): CadenceFigures {
  const interval = options.intervalMinutes;
  let gapCount = 0;
  let metCount = 0;
  let longest: number | null = null;
  let overdueNow = 0;
  for (const incident of incidents) {
    // `updates` is newest first.
    for (let i = incident.updates.length - 1; i > 0; i--) {
      const from = incident.updates[i]!;
      if (!isUnresolved(from.status)) continue;
      const gap = (incident.updates[i - 1]!.createdAt.getTime() - from.createdAt.getTime()) / MINUTE;
      gapCount++;
      if (gap <= interval) metCount++;
      longest = Math.max(longest ?? 0, gap);
    }
    if (
      nextUpdateDue(incident, { intervalMinutes: interval, operatorNextUpdateAt: incident.nextUpdateAt }, now)?.overdue
    )
      overdueNow++;
  }
  return { intervalMinutes: interval, gapCount, metCount, longestGapMinutes: longest, overdueNow };
}
