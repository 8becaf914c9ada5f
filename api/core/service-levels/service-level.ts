import type { AvailabilityLedger } from './ledger.ts';
import { measurePeriod, type Availability, type AvailabilityOptions } from './availability.ts';
import { periodOf, type Period } from './periods.ts';

/**
 * Where a period stands against the target. An ended period is `met` or `missed`. A running one is
 * never "met": it is `missed` once its budget is overspent (nothing can bring it back), else
 * `on_track` while the availability so far is at or above the target, and `at_risk` when it is
 * below it (the month can still meet the target, but only if the rest of it goes better than so far).
 */
export const SERVICE_LEVEL_STATUSES = ['met', 'missed', 'on_track', 'at_risk', 'no_data'] as const;
export type ServiceLevelStatus = (typeof SERVICE_LEVEL_STATUSES)[number];

export interface ServiceLevel extends Availability {
  target: number;
  /** The period has ended: the figures will not change any more. */
  final: boolean;
  /** Downtime within the error budget, for an ended period; null while it runs or when there is no data. */
  met: boolean | null;
  status: ServiceLevelStatus;
  /** (1 − target) × planned minutes of the whole period: 99.99% of a 30-day month = 4.32 minutes. */
  budgetMinutes: number;
  budgetUsedMinutes: number;
  /** Negative once the budget is overspent. */
  budgetLeftMinutes: number;
}

export interface PeriodServiceLevel {
  period: Period;
  components: ServiceLevel[];
  /** Same definition as `PeriodAvailability.overall`; its budget is per service on average, as its other minutes. */
  overall: ServiceLevel;
}

export interface ServiceLevelOptions extends AvailabilityOptions {
  /** The availability promised, e.g. 0.9999. */
  target: number;
}

/**
 * The monthly service level the sheet promises, per component and overall. The budget is based on
 * the whole month's planned time (maintenance is planned, so it is known ahead), which makes a
 * running month answer "how much may still go wrong"; for an ended month `met` is exactly
 * "availability ≥ target" (to the millisecond).
 */
export function monthlyServiceLevel(
  ledger: AvailabilityLedger,
  month: string | Period,
  options: ServiceLevelOptions,
): PeriodServiceLevel {
  return serviceLevel(ledger, typeof month === 'string' ? periodOf('month', month) : month, options);
}

/** Same as the monthly figure, for any period (a day, a year). */
export function serviceLevel(
  ledger: AvailabilityLedger,
  period: Period,
  options: ServiceLevelOptions,
): PeriodServiceLevel {
  const { target } = options;
  const measured = measurePeriod(ledger, period, options);
  const final = ledger.now.getTime() >= period.end.getTime();
  const withBudget = (a: Availability): ServiceLevel => {
    // Whole milliseconds: (1 − 0.9999) is not exact in binary, and a downtime of exactly the
    // budget must pass, as the sheet's arithmetic says it does.
    const budgetMs = Math.round((1 - target) * a.plannedMinutesWholePeriod * 60_000);
    const usedMs = a.downtimeMinutes * 60_000;
    const within = usedMs <= budgetMs + 1e-6;
    const status: ServiceLevelStatus =
      a.availability === null
        ? 'no_data'
        : !within
          ? 'missed'
          : final
            ? 'met'
            : a.availability >= target
              ? 'on_track'
              : 'at_risk';
    return {
      ...a,
      target,
      final,
      met: a.availability === null || !final ? null : within,
      status,
      budgetMinutes: budgetMs / 60_000,
      budgetUsedMinutes: a.downtimeMinutes,
      budgetLeftMinutes: (budgetMs - usedMs) / 60_000,
    };
  };
  return { period, components: measured.components.map(withBudget), overall: withBudget(measured.overall) };
}
