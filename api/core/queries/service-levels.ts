import type { IncidentView, SiteModel } from '../model.ts';
import { toLocalDate } from '../time.ts';
import { isUnresolved } from '../vocab.ts';
import {
  buildAvailabilityLedger,
  dailyBars,
  incidentResponseFigures,
  measurePeriod,
  nextUpdateDue,
  openingIntervals,
  periodContaining,
  periodOf,
  periodsEndingAt,
  serviceLevel,
  supportStatus,
  updateCadenceFigures,
  type AvailabilityLedger,
  type CadenceFigures,
  type ComponentBars,
  type IncidentResponseFigures,
  type MeasuredComponent,
  type OpeningInterval,
  type PeriodAvailability,
  type PeriodServiceLevel,
  type SupportStatus,
  type UpdateDue,
} from '../service-levels/index.ts';
import { maintenanceWindows } from '../service-levels/maintenance-windows.ts';
import type { ServiceLevelSettings } from '../service-levels/settings.ts';

export const BAR_DAYS = 90;
export const MONTHS_SHOWN = 12;
/** Two weeks of desk hours go into the page, so that "open now" stays right on a copy served without us. */
export const SUPPORT_DAYS_EMBEDDED = 14;

/** How long after a due time the republish runs, so that the page it renders already counts as late. */
const LATE_MARGIN_MS = 1000;

export interface UpdateDueView extends UpdateDue {
  incidentId: string;
  /** The operator set this time; otherwise it is the default interval after the latest update. */
  promised: boolean;
}

/** Everything the service-level pages and `/api/v1/service-levels` publish, computed once per model. */
export interface ServiceLevelReport {
  now: Date;
  settings: ServiceLevelSettings;
  /** The last 12 JST months, oldest first; the last one is running (provisional, `final: false`). */
  months: PeriodServiceLevel[];
  currentMonth: PeriodServiceLevel;
  /** JST years from the first with data through the current one, oldest first. */
  years: PeriodServiceLevel[];
  /** Per component (in page order), the last 90 JST days, today measured to `now`. */
  bars: ComponentBars[];
  /** The 90 days of the bars as one figure per component (and overall). */
  barsSummary: PeriodAvailability;
  response: { all: IncidentResponseFigures; byYear: Array<{ year: string; figures: IncidentResponseFigures }> };
  /** Every unresolved incident, newest first as in the model. */
  updates: UpdateDueView[];
  /** How often updates came within the interval, over all incidents. */
  cadence: CadenceFigures;
  supportDesk: { status: SupportStatus; intervals: OpeningInterval[] };
}

/**
 * A component is measured from its `start_date`; without one, from the earlier of its creation
 * and the detection of the first incident that names it (back-filled history counts). Before
 * that there is "no data", not a flattering 100%.
 */
export function measuredComponents(model: Pick<SiteModel, 'components' | 'incidents'>): MeasuredComponent[] {
  const firstTouch = new Map<string, number>();
  for (const incident of model.incidents) {
    for (const id of incident.componentIds)
      firstTouch.set(id, Math.min(firstTouch.get(id) ?? Infinity, incident.detectedAt.getTime()));
  }
  return model.components.map((c) => ({
    id: c.id,
    startDate: c.startDate ?? toLocalDate(new Date(Math.min(c.createdAt.getTime(), firstTouch.get(c.id) ?? Infinity))),
  }));
}

export function availabilityLedger(
  model: Pick<SiteModel, 'components' | 'incidents' | 'maintenances'>,
  now: Date,
): AvailabilityLedger {
  return buildAvailabilityLedger(
    {
      components: measuredComponents(model),
      incidents: model.incidents,
      maintenance: maintenanceWindows(model.maintenances),
    },
    now,
  );
}

export function serviceLevelReport(model: SiteModel, settings: ServiceLevelSettings, now: Date): ServiceLevelReport {
  const ledger = availabilityLedger(model, now);
  const options = { target: settings.availabilityTarget, partialWeight: settings.partialWeight };
  const months = periodsEndingAt('month', MONTHS_SHOWN, now).map((m) => serviceLevel(ledger, m, options));
  const bars = dailyBars(ledger, { days: BAR_DAYS, partialWeight: settings.partialWeight });
  const firstDay = periodsEndingAt('day', BAR_DAYS, now)[0]!;
  // Not a calendar period: the bars' 90 days as one span, keyed by its first and last JST dates.
  const span = {
    kind: 'day' as const,
    key: `${firstDay.key}/${toLocalDate(now)}`,
    start: firstDay.start,
    end: periodContaining('day', now).end,
  };
  return {
    now,
    settings,
    months,
    currentMonth: months.at(-1)!,
    years: yearsWithData(ledger, now).map((y) => serviceLevel(ledger, y, options)),
    bars,
    barsSummary: measurePeriod(ledger, span, { partialWeight: settings.partialWeight }),
    response: responseFigures(model, settings, now),
    updates: updatesDue(model, settings, now),
    cadence: updateCadenceFigures(model.incidents, now, { intervalMinutes: settings.updateIntervalMinutes }),
    supportDesk: {
      status: supportStatus(settings.supportDesk, now),
      intervals: openingIntervals(
        settings.supportDesk,
        now,
        new Date(now.getTime() + SUPPORT_DAYS_EMBEDDED * 86_400_000),
      ),
    },
  };
}

const published = new WeakMap<SiteModel, ServiceLevelReport>();
/** The report as published with this model (at its read time): computed once per model and settings, however many pages read it. */
export function publishedServiceLevelReport(model: SiteModel, settings: ServiceLevelSettings): ServiceLevelReport {
  let report = published.get(model);
  if (!report || report.settings !== settings) {
    report = serviceLevelReport(model, settings, model.generatedAt);
    published.set(model, report);
  }
  return report;
}

/** When the next update of each unresolved incident is due (the operator's promise, else the interval). */
export function updatesDue(
  model: Pick<SiteModel, 'incidents'>,
  settings: Pick<ServiceLevelSettings, 'updateIntervalMinutes'>,
  now: Date,
): UpdateDueView[] {
  return model.incidents.flatMap((incident) => {
    if (!isUnresolved(incident.status)) return [];
    const due = nextUpdateDue(
      incident,
      { intervalMinutes: settings.updateIntervalMinutes, operatorNextUpdateAt: incident.nextUpdateAt },
      now,
    );
    return due ? [{ incidentId: incident.id, promised: incident.nextUpdateAt !== null, ...due }] : [];
  });
}

/** The unresolved incidents whose next update is overdue, most overdue first (the operators' list). */
export function overdueUpdates(
  model: Pick<SiteModel, 'incidents'>,
  settings: Pick<ServiceLevelSettings, 'updateIntervalMinutes'>,
  now: Date,
): UpdateDueView[] {
  return updatesDue(model, settings, now)
    .filter((d) => d.overdue)
    .sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime() || a.incidentId.localeCompare(b.incidentId));
}

function responseFigures(model: SiteModel, settings: ServiceLevelSettings, now: Date): ServiceLevelReport['response'] {
  const options = { firstNoticeTargetMinutes: settings.firstNoticeTargetMinutes };
  const all = incidentResponseFigures(model.incidents, now, options);
  const years = Object.keys(all.perYear).sort();
  return {
    all,
    byYear: years.map((year) => {
      const period = periodOf('year', year);
      // In epoch ms: comparing the Dates themselves converts each one, 4,000 incidents a year over.
      const [start, end] = [period.start.getTime(), period.end.getTime()];
      const ofYear = model.incidents.filter((i) => {
        const t = i.detectedAt.getTime();
        return t >= start && t < end;
      });
      return { year, figures: yearFigures(year, ofYear, now, options) };
    }),
  };
}

/** Each JST year's response figures as last computed, and from what. */
const figuresByYear = new Map<
  string,
  { incidents: readonly IncidentView[]; now: number; target: number; figures: IncidentResponseFigures }
>();

/**
 * A year's figures, computed again only when its incidents are not the very records they were
 * computed from (a model after a write shares its unchanged ones), or when one is still open and
 * `now` moved (its duration so far counts). A new incident then recomputes its own year only.
 */
function yearFigures(
  year: string,
  incidents: readonly IncidentView[],
  now: Date,
  options: { firstNoticeTargetMinutes: number },
): IncidentResponseFigures {
  const kept = figuresByYear.get(year);
  const settled = incidents.every((i) => i.resolvedAt !== null || !isUnresolved(i.status));
  if (
    kept &&
    kept.target === options.firstNoticeTargetMinutes &&
    (settled || kept.now === now.getTime()) &&
    kept.incidents.length === incidents.length &&
    kept.incidents.every((i, n) => i === incidents[n])
  )
    return kept.figures;
  const figures = incidentResponseFigures(incidents, now, options);
  figuresByYear.set(year, { incidents, now: now.getTime(), target: options.firstNoticeTargetMinutes, figures });
  return figures;
}

function yearsWithData(ledger: AvailabilityLedger, now: Date) {
  const starts = ledger.components.map((c) => c.serviceStart).filter((t) => Number.isFinite(t) && t <= now.getTime());
  const first = starts.length ? Math.min(...starts) : now.getTime();
  const count = Number(toLocalDate(now).slice(0, 4)) - Number(toLocalDate(new Date(first)).slice(0, 4)) + 1;
  return periodsEndingAt('year', count, now);
}

/**
 * The next instant at which the published service-level text goes stale by time alone: an update
 * falling due (the page must then say it is late), the support desk opening or closing, or a JST
 * day beginning (a new bar, perhaps a new month). The server republishes then.
 */
export function nextServiceLevelChangeAt(
  model: Pick<SiteModel, 'incidents'>,
  settings: ServiceLevelSettings,
  now: Date,
): Date {
  const candidates = [
    periodContaining('day', now).end.getTime(),
    supportStatus(settings.supportDesk, now).phone.nextChange.getTime(),
  ];
  // "Late" means strictly after the due time (an update at the due minute is on time), so wake just after it.
  for (const due of updatesDue(model, settings, now))
    if (!due.overdue) candidates.push(due.dueAt.getTime() + LATE_MARGIN_MS);
  return new Date(Math.min(...candidates));
}
