import type { IncidentView } from '../../core/model.ts';
import type { ServiceLevelReport, UpdateDueView } from '../../core/queries/service-levels.ts';
import type {
  Availability,
  IncidentResponseFigures,
  PeriodAvailability,
  PeriodServiceLevel,
  ServiceLevel,
} from '../../core/service-levels/index.ts';
import { toIsoOffsetOrNull } from '../../core/time.ts';

/** `/api/v1/service-levels` and `/api/v1/incidents/overdue`: snake_case, ISO 8601 with the page's offset. */
const iso = toIsoOffsetOrNull;
/** Minutes to the millisecond; more digits are float noise (4.3199999…). */
const minutes = (m: number | null) => (m === null ? null : Math.round(m * 60_000) / 60_000);

function presentLevel(level: ServiceLevel) {
  return {
    component_id: level.componentId,
    availability: level.availability,
    target: level.target,
    met: level.met,
    status: level.status,
    final: level.final,
    measured_from: iso(level.measuredFrom),
    measured_to: iso(level.measuredTo),
    planned_minutes: minutes(level.plannedMinutes),
    maintenance_minutes: minutes(level.maintenanceMinutes),
    major_outage_minutes: minutes(level.majorOutageMinutes),
    partial_outage_minutes: minutes(level.partialOutageMinutes),
    degraded_minutes: minutes(level.degradedMinutes),
    downtime_minutes: minutes(level.downtimeMinutes),
    error_budget: {
      planned_minutes_whole_period: minutes(level.plannedMinutesWholePeriod),
      minutes: minutes(level.budgetMinutes),
      used_minutes: minutes(level.budgetUsedMinutes),
      left_minutes: minutes(level.budgetLeftMinutes),
    },
  };
}

function presentPeriod(p: PeriodServiceLevel) {
  return {
    period: p.period.key,
    start: iso(p.period.start),
    end: iso(p.period.end),
    overall: presentLevel(p.overall),
    components: p.components.map(presentLevel),
  };
}

function presentAvailability(a: Availability) {
  return {
    component_id: a.componentId,
    availability: a.availability,
    measured_from: iso(a.measuredFrom),
    measured_to: iso(a.measuredTo),
    planned_minutes: minutes(a.plannedMinutes),
    downtime_minutes: minutes(a.downtimeMinutes),
  };
}

/** The home page's "90 days" figures; `measured_from` says when the window is shorter than its name. */
function presentSpan(p: PeriodAvailability) {
  return {
    start: iso(p.period.start),
    end: iso(p.period.end),
    overall: presentAvailability(p.overall),
    components: p.components.map(presentAvailability),
  };
}

function presentResponse(f: IncidentResponseFigures) {
  return {
    incident_count: f.incidentCount,
    resolved_count: f.resolvedCount,
    mttr_minutes: minutes(f.mttrMinutes),
    first_notice: {
      mean_minutes: minutes(f.firstNotice.meanMinutes),
      median_minutes: minutes(f.firstNotice.medianMinutes),
      target_minutes: f.firstNotice.targetMinutes,
      met_count: f.firstNotice.metCount,
      count: f.firstNotice.count,
    },
    first_email: {
      mean_minutes: minutes(f.firstEmail.meanMinutes),
      median_minutes: minutes(f.firstEmail.medianMinutes),
      target_minutes: f.firstEmail.targetMinutes,
      met_count: f.firstEmail.metCount,
      count: f.firstEmail.count,
      undelivered_count: f.firstEmail.undeliveredCount,
      no_recipient_count: f.firstEmail.noRecipientCount,
    },
    long_incident_ids: f.longIncidentIds,
  };
}

export function presentUpdateDue(due: UpdateDueView) {
  return {
    incident_id: due.incidentId,
    due_at: iso(due.dueAt),
    overdue: due.overdue,
    minutes_late: due.minutesLate,
    promised: due.promised,
  };
}

export function presentServiceLevels(report: ServiceLevelReport) {
  const { settings, supportDesk } = report;
  return {
    generated_at: iso(report.now),
    settings: {
      availability_target: settings.availabilityTarget,
      partial_outage_weight: settings.partialWeight,
      update_interval_minutes: settings.updateIntervalMinutes,
      first_notice_target_minutes: settings.firstNoticeTargetMinutes,
    },
    current_month: presentPeriod(report.currentMonth),
    months: report.months.map(presentPeriod),
    years: report.years.map(presentPeriod),
    last_90_days: presentSpan(report.barsSummary),
    daily: report.bars.map((c) => ({
      component_id: c.componentId,
      days: c.days.map((d) => ({
        date: d.date,
        availability: d.availability,
        downtime_minutes: minutes(d.downtimeMinutes),
        major_outage_minutes: minutes(d.majorOutageMinutes),
        partial_outage_minutes: minutes(d.partialOutageMinutes),
        degraded_minutes: minutes(d.degradedMinutes),
        maintenance_minutes: minutes(d.maintenanceMinutes),
        worst_status: d.worstStatus,
        incident_ids: d.incidentIds,
      })),
    })),
    response: {
      ...presentResponse(report.response.all),
      per_year: report.response.all.perYear,
      by_year: report.response.byYear.map((y) => ({ year: y.year, ...presentResponse(y.figures) })),
    },
    updates: report.updates.map(presentUpdateDue),
    update_cadence: {
      interval_minutes: report.cadence.intervalMinutes,
      gap_count: report.cadence.gapCount,
      met_count: report.cadence.metCount,
      longest_gap_minutes: minutes(report.cadence.longestGapMinutes),
      overdue_now: report.cadence.overdueNow,
    },
    support_desk: {
      phone: {
        open: supportDesk.status.phone.open,
        next_change: iso(supportDesk.status.phone.nextChange),
        next_open: iso(supportDesk.status.phone.nextOpen),
        days: settings.supportDesk.phone.days,
        hours: settings.supportDesk.phone.hours,
        closed_on_public_holidays: settings.supportDesk.phone.closedOnPublicHolidays,
        closed_dates: settings.supportDesk.phone.closedDates,
        opening_intervals: supportDesk.intervals.map((i) => ({ start: iso(i.start), end: iso(i.end) })),
      },
      form: { open: true, always_open: true },
    },
  };
}

/** An operator's view of one late incident: enough to act on without a second request. */
export function presentOverdue(due: UpdateDueView, incident: IncidentView, baseUrl: string) {
  return {
    ...presentUpdateDue(due),
    name: incident.name,
    name_en: incident.nameEn,
    status: incident.status,
    latest_update_at: iso(incident.updates[0]?.createdAt ?? incident.createdAt),
    url: `${baseUrl}/incidents/${incident.id}`,
  };
}
