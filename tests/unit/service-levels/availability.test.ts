import { describe, expect, it } from 'vitest';
import {
  buildAvailabilityLedger,
  measurePeriod,
  periodOf,
  type MaintenanceWindow,
  type PeriodKind,
} from '../../../api/core/service-levels/index.ts';
import type { IncidentView } from '../../../api/core/model.ts';
import { jst, makeIncident, outage } from './make-incident.ts';

const LATER = jst('2030-01-01 00:00');

function measure(
  kind: PeriodKind,
  key: string,
  incidents: IncidentView[],
  opts: {
    now?: Date;
    maintenance?: MaintenanceWindow[];
    components?: Array<{ id: string; startDate?: string }>;
    partialWeight?: number;
  } = {},
) {
  const ledger = buildAvailabilityLedger(
    { components: opts.components ?? [{ id: 'api' }], incidents, maintenance: opts.maintenance ?? [] },
    opts.now ?? LATER,
  );
  return measurePeriod(ledger, periodOf(kind, key), { partialWeight: opts.partialWeight ?? 0.5 });
}

describe('availability per JST period', () => {
  it('splits an outage across a JST month boundary 30/30 minutes', () => {
    // 2026-01-31 23:30 → 2026-02-01 00:30 JST (14:30 → 15:30 UTC: the same UTC day, so only JST splits it).
    const incidents = [outage('i1', 'api', 'major_outage', '2026-01-31 23:30', '2026-02-01 00:30')];
    const jan = measure('month', '2026-01', incidents).components[0]!;
    const feb = measure('month', '2026-02', incidents).components[0]!;
    expect(jan.downtimeMinutes).toBe(30);
    expect(feb.downtimeMinutes).toBe(30);
    // January: 31 × 1440 = 44,640 planned minutes; (44,640 − 30) ÷ 44,640.
    expect(jan.plannedMinutes).toBe(44_640);
    expect(jan.availability).toBeCloseTo(44_610 / 44_640, 12);
  });

  it('splits an outage across a JST year boundary between the two years', () => {
    const incidents = [outage('i1', 'api', 'major_outage', '2026-12-31 23:30', '2027-01-01 00:30')];
    const y2026 = measure('year', '2026', incidents).components[0]!;
    const y2027 = measure('year', '2027', incidents).components[0]!;
    // 365 × 1440 = 525,600 minutes in each year.
    expect(y2026.plannedMinutes).toBe(525_600);
    expect(y2026.downtimeMinutes).toBe(30);
    expect(y2027.downtimeMinutes).toBe(30);
  });

  it('counts the 29 days of February in a leap year', () => {
    // 29 × 1440 = 41,760 minutes.
    const feb = measure('month', '2028-02', []).components[0]!;
    expect(feb.plannedMinutes).toBe(41_760);
    expect(feb.availability).toBe(1);
  });

  it('splits an outage across midnight between the two days', () => {
    // 23:00 → 01:00: 60 minutes on each side of midnight.
    const incidents = [outage('i1', 'api', 'major_outage', '2026-02-10 23:00', '2026-02-11 01:00')];
    expect(measure('day', '2026-02-10', incidents).components[0]!.downtimeMinutes).toBe(60);
    expect(measure('day', '2026-02-11', incidents).components[0]!.downtimeMinutes).toBe(60);
    expect(measure('day', '2026-02-12', incidents).components[0]!.downtimeMinutes).toBe(0);
  });

  it('counts only the part of an outage outside a maintenance window, and shrinks planned time by the window', () => {
    // Maintenance 02:00–04:00, outage 01:00–03:00: downtime is 01:00–02:00 = 60 minutes.
    // Day: 1440 − 120 = 1320 planned; (1320 − 60) ÷ 1320. February 2026: 28 × 1440 − 120 = 40,200.
    const maintenance: MaintenanceWindow[] = [
      { componentIds: 'all', start: jst('2026-02-15 02:00'), end: jst('2026-02-15 04:00') },
    ];
    const incidents = [outage('i1', 'api', 'major_outage', '2026-02-15 01:00', '2026-02-15 03:00')];
    const day = measure('day', '2026-02-15', incidents, { maintenance }).components[0]!;
    expect(day.downtimeMinutes).toBe(60);
    expect(day.maintenanceMinutes).toBe(120);
    expect(day.plannedMinutes).toBe(1320);
    expect(day.availability).toBeCloseTo(1260 / 1320, 12);
    expect(measure('month', '2026-02', incidents, { maintenance }).components[0]!.plannedMinutes).toBe(40_200);
  });

  it('leaves planned time alone for components a maintenance window does not touch', () => {
    const maintenance: MaintenanceWindow[] = [
      { componentIds: ['web'], start: jst('2026-02-15 02:00'), end: jst('2026-02-15 04:00') },
    ];
    const result = measure('day', '2026-02-15', [], { maintenance, components: [{ id: 'api' }, { id: 'web' }] });
    expect(result.components.map((c) => c.plannedMinutes)).toEqual([1440, 1320]);
  });

  it('counts two overlapping incidents on the same component once', () => {
    // 10:00–11:00 and 10:30–11:30 cover 10:00–11:30 = 90 minutes, not 120.
    const incidents = [
      outage('i1', 'api', 'major_outage', '2026-02-10 10:00', '2026-02-10 11:00'),
      outage('i2', 'api', 'major_outage', '2026-02-10 10:30', '2026-02-10 11:30'),
    ];
    expect(measure('day', '2026-02-10', incidents).components[0]!.downtimeMinutes).toBe(90);
  });

  it('lets a major outage win over an overlapping partial one', () => {
    // partial 10:00–12:00, major 11:00–11:30 → major 30 + partial 90 × 0.5 = 75 minutes.
    const incidents = [
      outage('i1', 'api', 'partial_outage', '2026-02-10 10:00', '2026-02-10 12:00'),
      outage('i2', 'api', 'major_outage', '2026-02-10 11:00', '2026-02-10 11:30'),
    ];
    const day = measure('day', '2026-02-10', incidents).components[0]!;
    expect(day.majorOutageMinutes).toBe(30);
    expect(day.partialOutageMinutes).toBe(90);
    expect(day.downtimeMinutes).toBe(75);
  });

  it('weights partial outage time by the configured weight, half by default', () => {
    const incidents = [outage('i1', 'api', 'partial_outage', '2026-02-10 10:00', '2026-02-10 11:00')];
    expect(measure('day', '2026-02-10', incidents).components[0]!.downtimeMinutes).toBe(30);
    expect(measure('day', '2026-02-10', incidents, { partialWeight: 0.3 }).components[0]!.downtimeMinutes).toBeCloseTo(
      18,
      9,
    );
  });

  it('reports degraded performance as degraded minutes, not downtime', () => {
    const incidents = [outage('i1', 'api', 'degraded_performance', '2026-02-10 10:00', '2026-02-10 12:00')];
    const day = measure('day', '2026-02-10', incidents).components[0]!;
    expect(day.degradedMinutes).toBe(120);
    expect(day.downtimeMinutes).toBe(0);
    expect(day.availability).toBe(1);
  });

  it('does not count under_maintenance set by an incident as downtime', () => {
    const incidents = [outage('i1', 'api', 'under_maintenance', '2026-02-10 10:00', '2026-02-10 12:00')];
    expect(measure('day', '2026-02-10', incidents).components[0]!.availability).toBe(1);
  });

  it('measures an open incident, and the running period, up to now', () => {
    // Now 12:00 on 1 March; major outage since 11:00, unresolved. March so far: 720 minutes planned, 60 down.
    const now = jst('2026-03-01 12:00');
    const incidents = [outage('i1', 'api', 'major_outage', '2026-03-01 11:00')];
    const march = measure('month', '2026-03', incidents, { now }).components[0]!;
    expect(march.measuredTo).toEqual(now);
    expect(march.plannedMinutes).toBe(720);
    expect(march.plannedMinutesWholePeriod).toBe(31 * 1440);
    expect(march.downtimeMinutes).toBe(60);
    expect(march.availability).toBeCloseTo(660 / 720, 12);
  });

  it('reports a period that has not begun as no data, not 100%', () => {
    const now = jst('2026-03-01 12:00');
    const tomorrow = measure('day', '2026-03-02', [], { now });
    expect(tomorrow.components[0]!.measuredTo).toBeNull();
    expect(tomorrow.components[0]!.availability).toBeNull();
    expect(tomorrow.overall.availability).toBeNull();
  });

  it('reports the days before a component entered service as no data and counts its first month from its start date', () => {
    const components = [{ id: 'api', startDate: '2026-02-15' }];
    expect(measure('day', '2026-02-14', [], { components }).components[0]!.availability).toBeNull();
    // 15–28 February: 14 × 1440 = 20,160 minutes.
    expect(measure('month', '2026-02', [], { components }).components[0]!.plannedMinutes).toBe(20_160);
  });

  it('weights the overall figure by planned time across components, and gives its minutes per service', () => {
    // api: 60 down of 40,320; web: 0 of 40,320 → overall 1 − 60 ÷ 80,640; per service 30 of 40,320.
    const incidents = [outage('i1', 'api', 'major_outage', '2026-02-10 10:00', '2026-02-10 11:00')];
    const feb = measure('month', '2026-02', incidents, { components: [{ id: 'api' }, { id: 'web' }] });
    expect(feb.overall.componentId).toBeNull();
    expect(feb.overall.plannedMinutes).toBe(40_320);
    expect(feb.overall.downtimeMinutes).toBe(30);
    expect(feb.overall.availability).toBeCloseTo(1 - 60 / 80_640, 12);
  });

  it('says from when a figure is measured when a component entered service inside the period', () => {
    const components = [{ id: 'api', startDate: '2026-12-01' }, { id: 'web' }];
    const now = jst('2026-12-01 04:27');
    const december = measure('month', '2026-12', [], { components, now });
    expect(december.components[0]!.measuredFrom).toEqual(jst('2026-12-01 00:00'));
    const year = measure('year', '2026', [], { components, now });
    expect(year.components[0]!.measuredFrom).toEqual(jst('2026-12-01 00:00'));
    expect(year.components[1]!.measuredFrom).toEqual(jst('2026-01-01 00:00'));
    expect(year.overall.measuredFrom).toEqual(jst('2026-01-01 00:00'));
    expect(measure('year', '2027', [], { components, now }).components[0]!.measuredFrom).toBeNull();
  });

  it('counts downtime from detection even when the first post came later', () => {
    const incident = makeIncident({
      id: 'i1',
      detectedAt: '2026-02-10 10:00',
      resolvedAt: '2026-02-10 11:00',
      updates: [{ at: '2026-02-10 10:45', components: { api: 'major_outage' } }],
    });
    expect(measure('day', '2026-02-10', [incident]).components[0]!.downtimeMinutes).toBe(60);
  });
});
