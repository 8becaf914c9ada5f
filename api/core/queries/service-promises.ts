import { complianceRow } from '../maintenance/compliance.ts';
import type { LeadTimePolicy } from '../maintenance/lead-time-policy.ts';
import { maintenancePhases } from '../maintenance/status.ts';
import type { SiteModel } from '../model.ts';
import type { ServiceLevelReport } from './service-levels.ts';

/** The measured side of each promise on the service-level sheet that the report does not already carry. */
export interface PromiseFigures {
  /** Overall availability over the 12 months of the report (to now): 1 − Σ downtime ÷ Σ planned; null without data. */
  availabilityLast12Months: number | null;
  /** Ended months with data, and how many of them met the target (overall). */
  months: { count: number; met: number };
  /**
   * Maintenance that ran (or runs) within the 12 months: how many, and minutes up to now —
   * occurrences of the standing window apart from other (ad-hoc or emergency) maintenance, which
   * the window's promise does not cover.
   */
  maintenance: { standingWindow: MaintenanceTally; other: MaintenanceTally };
  /** Maintenance and notices announced within the 12 months, and how many gave the full notice period. */
  notices: { count: number; met: number };
  /** The next occurrence of the standing window (as configured and published), if one is announced. */
  nextStandingWindow: { start: Date; end: Date } | null;
}

export interface MaintenanceTally {
  count: number;
  minutes: number;
}

/** `policy` is the notice periods in force: a notice counts as met against those, not against the sheet's. */
export function promiseFigures(model: SiteModel, report: ServiceLevelReport, policy: LeadTimePolicy): PromiseFigures {
  const now = report.now.getTime();
  const from = report.months[0]!.period.start.getTime();
  let planned = 0;
  let downtime = 0;
  // Sums over components, not the overall's per-service means: months with different numbers of
  // services in service must weigh by their planned time.
  for (const c of report.months.flatMap((m) => m.components)) {
    planned += c.plannedMinutes;
    downtime += c.downtimeMinutes;
  }
  const ended = report.months.filter((m) => m.overall.final && m.overall.met !== null);
  const standingWindow: MaintenanceTally = { count: 0, minutes: 0 };
  const other: MaintenanceTally = { count: 0, minutes: 0 };
  let nextStandingWindow: PromiseFigures['nextStandingWindow'] = null;
  for (const m of model.maintenances) {
    const p = maintenancePhases(m);
    if (
      !p.cancelled &&
      m.seriesId !== null &&
      p.start.getTime() > now &&
      (!nextStandingWindow || p.start < nextStandingWindow.start)
    ) {
      nextStandingWindow = { start: p.start, end: p.completedAt };
    }
    if (p.cancelled || p.start.getTime() < from || p.start.getTime() >= now) continue;
    const tally = m.seriesId !== null ? standingWindow : other;
    tally.count++;
    tally.minutes += (Math.min(p.completedAt.getTime(), now) - p.start.getTime()) / 60_000;
  }
  const announced = [...model.maintenances, ...model.notices].filter(
    (item) => item.announcedAt.getTime() >= from && item.announcedAt.getTime() < now,
  );
  return {
    availabilityLast12Months: planned > 0 ? (planned - downtime) / planned : null,
    months: { count: ended.length, met: ended.filter((m) => m.overall.met).length },
    maintenance: { standingWindow, other },
    notices: {
      count: announced.length,
      met: announced.filter((item) => complianceRow(item, policy).meetsPolicy).length,
    },
    nextStandingWindow,
  };
}
