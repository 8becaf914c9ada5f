import type { IncidentView } from '../model.ts';
import { isUnresolved } from '../vocab.ts';
import { nextUpdateDue } from './cadence.ts';

const MINUTE = 60_000;

/** How well the update promise (sheet No. 17, "every 30 minutes") was kept. */
export interface CadenceFigures {
  intervalMinutes: number;
  /** Gaps between consecutive public posts while the incident was active (first post → next, …). */
  gapCount: number;
  /** Gaps closed by the promised time (the previous post's promise, else the interval after it). */
  metCount: number;
  longestGapMinutes: number | null;
  /** Active incidents whose next update is overdue at `now`. */
  overdueNow: number;
}

/**
 * Each post is judged against the promise in force when it came: the time the previous post
 * promised ("next update by 15:00"), else the configured interval after it. A promise is what
 * customers were told to expect, so a post after it is late even within the interval, and a post
 * before a longer promise is on time. A gap ends at the next post whatever it says, resolution included.
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
      const next = incident.updates[i - 1]!.createdAt.getTime();
      const gap = (next - from.createdAt.getTime()) / MINUTE;
      const dueAt = from.nextUpdateAt?.getTime() ?? from.createdAt.getTime() + interval * MINUTE;
      gapCount++;
      if (next <= dueAt) metCount++;
      longest = Math.max(longest ?? 0, gap);
    }
    if (
      nextUpdateDue(incident, { intervalMinutes: interval, operatorNextUpdateAt: incident.nextUpdateAt }, now)?.overdue
    )
      overdueNow++;
  }
  return { intervalMinutes: interval, gapCount, metCount, longestGapMinutes: longest, overdueNow };
}
