import { worstComponentStatus } from '../severity.ts';
import type { ComponentStatus } from '../vocab.ts';
import type { AvailabilityLedger, ComponentLedger } from './ledger.ts';
import { measureComponent, type AvailabilityOptions } from './availability.ts';
import { periodsEndingAt, type Period } from './periods.ts';
import { firstEndingAfter, overlapMs } from './spans.ts';

export interface DayBar {
  /** JST `YYYY-MM-DD`. */
  date: string;
  /** null = no data (the component was not in service yet, or nothing of the day is planned service time). */
  availability: number | null;
  downtimeMinutes: number;
  /** The minutes behind `downtimeMinutes` (outside maintenance), so a reader is told which status, and for how long. */
  majorOutageMinutes: number;
  partialOutageMinutes: number;
  degradedMinutes: number;
  maintenanceMinutes: number;
  /** Worst status at any moment of the day, maintenance windows shown as `under_maintenance`; null = no data. */
  worstStatus: ComponentStatus | null;
  /** Incidents that held the component at a non-operational status at some moment of the day, in order of first touch. */
  incidentIds: string[];
}

export interface ComponentBars {
  componentId: string;
  days: DayBar[];
}

/** The uptime bars: for each component, the last `days` JST days ending today (today measured to `now`). */
export function dailyBars(
  ledger: AvailabilityLedger,
  options: AvailabilityOptions & { days: number },
): ComponentBars[] {
  const days = periodsEndingAt('day', options.days, ledger.now);
  return ledger.components.map((c) => {
    const touched = incidentsByDay(c, days);
    return {
      componentId: c.componentId,
      days: days.map((day, i) => {
        const a = measureComponent(c, day, ledger.now, options);
        return {
          date: day.key,
          availability: a.availability,
          downtimeMinutes: a.downtimeMinutes,
          majorOutageMinutes: a.majorOutageMinutes,
          partialOutageMinutes: a.partialOutageMinutes,
          degradedMinutes: a.degradedMinutes,
          maintenanceMinutes: a.maintenanceMinutes,
          worstStatus: a.measuredTo ? worstOfDay(c, day.start.getTime(), a.measuredTo.getTime()) : null,
          incidentIds: touched[i]!,
        };
      }),
    };
  });
}

function worstOfDay(c: ComponentLedger, from: number, to: number): ComponentStatus {
  const seen: ComponentStatus[] = [];
  for (let i = firstEndingAfter(c.timeline, from); i < c.timeline.length && c.timeline[i]!.start < to; i++)
    seen.push(c.timeline[i]!.status);
  if (overlapMs(c.maintenance, from, to) > 0) seen.push('under_maintenance');
  return worstComponentStatus(seen);
}

/** Intervals overlap (several incidents at once), so map each interval onto the days it covers. */
function incidentsByDay(c: ComponentLedger, days: readonly Period[]): string[][] {
  const sets = days.map(() => new Set<string>());
  const spans = days.map((d) => ({ start: d.start.getTime(), end: d.end.getTime() }));
  for (const interval of c.intervals) {
    const to = interval.end.getTime();
    for (let d = firstEndingAfter(spans, interval.start.getTime()); d < spans.length && spans[d]!.start < to; d++)
      sets[d]!.add(interval.incidentId);
  }
  return sets.map((s) => [...s]);
}
