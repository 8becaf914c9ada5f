import { DateTime } from 'luxon';
import type { IncidentUpdateView, IncidentView } from '../../api/core/model.ts';
import type { ComponentStatus } from '../../api/core/vocab.ts';
import { PAGE_TIME_ZONE } from '../../api/core/time.ts';
import type { MaintenanceView } from '../../api/core/maintenance/types.ts';
import { NO_OVERRIDES } from '../../api/core/maintenance/types.ts';
import type { SiteModel } from '../../api/core/model.ts';
import { serviceLevelReport } from '../../api/core/queries/service-levels.ts';
import { DEFAULT_SERVICE_LEVEL_SETTINGS } from '../../api/core/service-levels/settings.ts';
import {
  buildAvailabilityLedger,
  dailyBars,
  incidentResponseFigures,
  monthlyServiceLevel,
  periodOf,
  periodsWithin,
  serviceLevel,
  type MaintenanceWindow,
} from '../../api/core/service-levels/index.ts';

const COMPONENTS = 20;
const YEARS = 5;
const RUNS = 15;
const NOW = new Date('2026-11-28T12:00:00+09:00');
/** The sheet's figures, as the settings parser gives them with nothing configured. */
const SHEET = { target: DEFAULT_SERVICE_LEVEL_SETTINGS.availabilityTarget, ...DEFAULT_SERVICE_LEVEL_SETTINGS };

/** Availability over 20 components × 5 years of synthetic history; returns figures, prints nothing. */
export async function benchAvailability(): Promise<Array<{ name: string; value: string }>> {
  const { components, incidents, maintenance } = synthesize();
  const input = { components, incidents, maintenance };
  const ledger = buildAvailabilityLedger(input, NOW);
  const month = periodOf('month', '2026-10');
  const year = periodOf('year', '2025');
  const updates = incidents.reduce((n, i) => n + i.updates.length, 0);
  return [
    {
      name: 'availability: history',
      value: `${COMPONENTS} components, ${YEARS} years, ${incidents.length} incidents, ${updates} updates, ${maintenance.length} maintenance windows`,
    },
    { name: 'availability: build ledger from incidents', value: ms(() => buildAvailabilityLedger(input, NOW)) },
    {
      name: 'availability: one month, 20 components + overall (ledger built)',
      value: ms(() => monthlyServiceLevel(ledger, month, SHEET)),
    },
    {
      name: 'availability: one year, 20 components + overall (ledger built)',
      value: ms(() => serviceLevel(ledger, year, SHEET)),
    },
    {
      name: 'availability: one year from raw incidents (ledger + year)',
      value: ms(() => serviceLevel(buildAvailabilityLedger(input, NOW), year, SHEET)),
    },
    {
      name: 'availability: 12 monthly service levels of a year',
      value: ms(() => periodsWithin('month', year).map((m) => monthlyServiceLevel(ledger, m, SHEET))),
    },
    { name: 'availability: 90-day bars, 20 components', value: ms(() => dailyBars(ledger, { days: 90, ...SHEET })) },
    {
      name: 'incident response figures, 5 years',
      value: ms(() => incidentResponseFigures(incidents, NOW, DEFAULT_SERVICE_LEVEL_SETTINGS)),
    },
    {
      name: 'service-level report for a publish (site model → 12 months, 6 years, bars, response, desk)',
      value: ms(() => serviceLevelReport(siteModel(input), DEFAULT_SERVICE_LEVEL_SETTINGS, NOW)),
    },
  ];
}

/** The same history as the site model the publisher reads (the report's input). */
function siteModel({ components, incidents, maintenance }: ReturnType<typeof synthesize>): SiteModel {
  const start = DateTime.fromJSDate(NOW, { zone: PAGE_TIME_ZONE })
    .minus({ years: YEARS })
    .startOf('month')
    .toISODate()!;
  const allIds = components.map((c) => c.id);
  return {
    generatedAt: NOW,
    updatedAt: NOW,
    indicator: 'none',
    groups: [],
    components: components.map((c, position) => ({
      id: c.id,
      groupId: null,
      name: c.id,
      nameEn: null,
      description: null,
      descriptionEn: null,
      position,
      manualStatus: 'operational',
      status: 'operational',
      showcase: true,
      onlyShowIfDegraded: false,
      startDate: start,
      createdAt: NOW,
      updatedAt: NOW,
    })),
    incidents: [...incidents].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime()),
    // Only what the report reads of a maintenance: its window, overrides and components.
    maintenances: maintenance.map(
      (w) =>
        ({
          scheduledFor: w.start,
          scheduledUntil: w.end,
          overrides: NO_OVERRIDES,
          componentIds: w.componentIds === 'all' ? allIds : [...w.componentIds],
        }) as unknown as MaintenanceView,
    ),
    notices: [],
  };
}

/** Median wall time of RUNS runs after three warm-ups (JIT); the minimum too, which a busy machine disturbs least. */
function ms(work: () => unknown): string {
  for (let i = 0; i < 3; i++) work();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    work();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return `${times[RUNS >> 1]!.toFixed(2)} ms (median of ${RUNS}; min ${times[0]!.toFixed(2)} ms)`;
}

/** Deterministic (seeded) so that runs compare. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function synthesize() {
  const rnd = random(20261128);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rnd() * items.length)]!;
  const components = Array.from({ length: COMPONENTS }, (_, i) => ({ id: `c${String(i + 1).padStart(2, '0')}` }));
  const incidents: IncidentView[] = [];
  const maintenance: MaintenanceWindow[] = [];
  const first = DateTime.fromJSDate(NOW, { zone: PAGE_TIME_ZONE }).startOf('month').minus({ years: YEARS });
  const statuses: ComponentStatus[] = ['major_outage', 'partial_outage', 'partial_outage', 'degraded_performance'];
  for (let month = first; month.toMillis() < NOW.getTime(); month = month.plus({ months: 1 })) {
    // The standing monthly window (sheet No. 1: 02:00–04:00), plus the odd component-specific one.
    const window = month.set({ day: 15, hour: 2 });
    maintenance.push({ componentIds: 'all', start: window.toJSDate(), end: window.plus({ hours: 2 }).toJSDate() });
    maintenance.push({
      componentIds: [pick(components).id],
      start: window.plus({ days: 7 }).toJSDate(),
      end: window.plus({ days: 7, hours: 1 }).toJSDate(),
    });
    const days = month.daysInMonth!;
    for (const component of components) {
      const count = 1 + Math.floor(rnd() * 5);
      for (let k = 0; k < count; k++) {
        const detected = month.plus({ minutes: Math.floor(rnd() * days * 1440) });
        if (detected.toMillis() >= NOW.getTime()) continue;
        const long = rnd() < 0.03;
        const minutes = long ? 1440 + Math.floor(rnd() * 1440) : 5 + Math.floor(rnd() * rnd() * 240);
        const affected = rnd() < 0.2 ? [component.id, pick(components).id] : [component.id];
        incidents.push(
          incident(`i${incidents.length}`, affected, detected, minutes, pick(statuses), pick(statuses), rnd),
        );
        // Some incidents overlap another on the same component (a second report of the same trouble).
        if (rnd() < 0.1)
          incidents.push(
            incident(
              `i${incidents.length}`,
              [component.id],
              detected.plus({ minutes: minutes / 2 }),
              minutes,
              pick(statuses),
              pick(statuses),
              rnd,
            ),
          );
        if (incidents.at(-1)!.createdAt > NOW) incidents.pop();
      }
    }
  }
  return { components, incidents, maintenance };
}

function incident(
  id: string,
  componentIds: string[],
  detected: DateTime,
  minutes: number,
  firstStatus: ComponentStatus,
  laterStatus: ComponentStatus,
  rnd: () => number,
): IncidentView {
  const posted = detected.plus({ minutes: 2 + Math.floor(rnd() * 50) });
  const resolved = detected.plus({ minutes: Math.max(minutes, 60) });
  const open = resolved.toMillis() > NOW.getTime();
  const update = (
    at: DateTime,
    status: IncidentUpdateView['status'],
    set: ComponentStatus | null,
  ): IncidentUpdateView => ({
    id: `${id}-${at.toMillis()}`,
    incidentId: id,
    status,
    body: '',
    bodyEn: null,
    createdAt: at.toJSDate(),
    displayAt: at.toJSDate(),
    components: set
      ? componentIds.map((componentId) => ({ componentId, status: set, oldStatus: 'operational' as const }))
      : [],
  });
  const updates = [
    update(posted, 'investigating', firstStatus),
    update(posted.plus({ minutes: 30 }), 'identified', laterStatus),
  ];
  if (!open) updates.push(update(resolved, 'resolved', 'operational'));
  // Updates still in the future at NOW are left out (an incident whose first post is ahead is dropped by the caller).
  const live = updates.filter((u) => u.createdAt <= NOW);
  if (!live.length) live.push(updates[0]!);
  return {
    id,
    name: id,
    nextUpdateAt: null,
    nameEn: null,
    impact: 'major',
    status: live.at(-1)!.status,
    detectedAt: detected.toJSDate(),
    createdAt: posted.toJSDate(),
    updatedAt: live.at(-1)!.createdAt,
    monitoringAt: null,
    resolvedAt: open ? null : resolved.toJSDate(),
    updates: live.reverse(),
    componentIds,
  };
}
