import type { AvailabilityLedger, ComponentLedger } from './ledger.ts';
import type { Period } from './periods.ts';
import { firstEndingAfter, overlapMs } from './spans.ts';

export interface AvailabilityOptions {
  /** Downtime minutes per minute of `partial_outage` (the setting's comment says why the sheet's is 0.5). */
  partialWeight: number;
}

const MINUTE = 60_000;

/** Availability of one component (or of all, see `overall`) over one period, measured up to `measuredTo`. */
export interface Availability {
  /** null for the overall figure. */
  componentId: string | null;
  period: Period;
  /**
   * Where measurement began: the period's start, or the component's start of service when that is
   * later (a figure labelled "90 days" may cover only hours of a new install); null = no data.
   */
  measuredFrom: Date | null;
  /** Where measurement stopped: the period's end, or `now` for a running period; null = no data (not yet begun, or not yet in service). */
  measuredTo: Date | null;
  /** Planned service time up to `measuredTo`: calendar time minus maintenance windows. */
  plannedMinutes: number;
  /** Planned service time of the whole period, including the part still ahead (the error budget's base). */
  plannedMinutesWholePeriod: number;
  maintenanceMinutes: number;
  majorOutageMinutes: number;
  partialOutageMinutes: number;
  /** Reported apart; never downtime. */
  degradedMinutes: number;
  /** major + partialWeight × partial, all outside maintenance windows. */
  downtimeMinutes: number;
  /** (planned − downtime) ÷ planned; null when there is no planned time to measure. */
  availability: number | null;
}

export interface PeriodAvailability {
  period: Period;
  components: Availability[];
  /**
   * The platform as a whole: planned-time-weighted mean of the components, i.e.
   * 1 − Σ downtime ÷ Σ planned time. Its minute fields are in the same terms: per service on
   * average (the sums over the components in service during the period, divided by their number),
   * so that the overall error budget reads like one service's, not as eleven budgets added up; the
   * ratio, and so the figure, is the same as with the sums. `measuredFrom` is the earliest
   * component's. We chose this over "down if any component is down" because customers
   * contract for products, not for the catalogue: one product's outage should cost the overall
   * figure its share, and the figure should not get worse merely because the catalogue grows.
   */
  overall: Availability;
}

export function measureComponent(
  c: ComponentLedger,
  period: Period,
  now: Date,
  options: AvailabilityOptions,
): Availability {
  const weight = options.partialWeight;
  const from = Math.max(period.start.getTime(), c.serviceStart);
  const periodEnd = period.end.getTime();
  const to = Math.min(periodEnd, now.getTime());
  const whole = from < periodEnd ? periodEnd - from - overlapMs(c.maintenance, from, periodEnd) : 0;
  const figures = { major: 0, partial: 0, degraded: 0 };
  if (to <= from) return toAvailability(c.componentId, period, null, null, 0, whole, 0, figures, weight);
  const maintenance = overlapMs(c.maintenance, from, to);
  for (let i = firstEndingAfter(c.inService, from); i < c.inService.length; i++) {
    const seg = c.inService[i]!;
    if (seg.start >= to) break;
    const ms = Math.min(seg.end, to) - Math.max(seg.start, from);
    if (seg.status === 'major_outage') figures.major += ms;
    else if (seg.status === 'partial_outage') figures.partial += ms;
    else if (seg.status === 'degraded_performance') figures.degraded += ms;
  }
  return toAvailability(
    c.componentId,
    period,
    new Date(from),
    new Date(to),
    to - from - maintenance,
    whole,
    maintenance,
    figures,
    weight,
  );
}

/** Every component of the ledger, and the overall figure, for one period (measured up to the ledger's `now`). */
export function measurePeriod(
  ledger: AvailabilityLedger,
  period: Period,
  options: AvailabilityOptions,
): PeriodAvailability {
  const components = ledger.components.map((c) => measureComponent(c, period, ledger.now, options));
  return { period, components, overall: overallOf(period, components) };
}

function overallOf(period: Period, parts: readonly Availability[]): Availability {
  const inService = parts.filter((a) => a.plannedMinutesWholePeriod > 0).length;
  const mean = (f: (a: Availability) => number) =>
    inService ? parts.reduce((total, a) => total + f(a), 0) / inService : 0;
  const times = (f: (a: Availability) => Date | null) =>
    parts.map((p) => f(p)?.getTime()).filter((t) => t !== undefined);
  const from = times((a) => a.measuredFrom);
  const to = times((a) => a.measuredTo);
  const planned = mean((a) => a.plannedMinutes);
  const downtime = mean((a) => a.downtimeMinutes);
  return {
    componentId: null,
    period,
    measuredFrom: from.length ? new Date(Math.min(...from)) : null,
    measuredTo: to.length ? new Date(Math.max(...to)) : null,
    plannedMinutes: planned,
    plannedMinutesWholePeriod: mean((a) => a.plannedMinutesWholePeriod),
    maintenanceMinutes: mean((a) => a.maintenanceMinutes),
    majorOutageMinutes: mean((a) => a.majorOutageMinutes),
    partialOutageMinutes: mean((a) => a.partialOutageMinutes),
    degradedMinutes: mean((a) => a.degradedMinutes),
    downtimeMinutes: downtime,
    availability: planned > 0 ? (planned - downtime) / planned : null,
  };
}

function toAvailability(
  componentId: string,
  period: Period,
  measuredFrom: Date | null,
  measuredTo: Date | null,
  plannedMs: number,
  wholeMs: number,
  maintenanceMs: number,
  ms: { major: number; partial: number; degraded: number },
  weight: number,
): Availability {
  const downtimeMs = ms.major + weight * ms.partial;
  return {
    componentId,
    period,
    measuredFrom,
    measuredTo,
    plannedMinutes: plannedMs / MINUTE,
    plannedMinutesWholePeriod: wholeMs / MINUTE,
    maintenanceMinutes: maintenanceMs / MINUTE,
    majorOutageMinutes: ms.major / MINUTE,
    partialOutageMinutes: ms.partial / MINUTE,
    degradedMinutes: ms.degraded / MINUTE,
    downtimeMinutes: downtimeMs / MINUTE,
    availability: plannedMs > 0 ? (plannedMs - downtimeMs) / plannedMs : null,
  };
}
