import { describe, expect, it } from 'vitest';
import {
  measuredComponents,
  nextServiceLevelChangeAt,
  serviceLevelReport,
  updatesDue,
} from '../../../api/core/queries/service-levels.ts';
import {
  DEFAULT_SERVICE_LEVEL_SETTINGS,
  parseServiceLevelSettings,
} from '../../../api/core/service-levels/settings.ts';
import { makeMaintenance } from '../maintenance/make-maintenance.ts';
import { jst, makeIncident, outage } from './make-incident.ts';
import { makeComponent, makeModel } from './make-model.ts';

const NOW = jst('2026-11-28 12:00'); // a Saturday
const api = makeComponent('api');
/** 10 minutes in October and 10 in November: 2026-10-31 23:50 → 2026-11-01 00:10 JST. */
const acrossMonths = outage('i1', 'api', 'major_outage', '2026-10-31 23:50', '2026-11-01 00:10');

describe('the service-level report: availability by month', () => {
  const report = serviceLevelReport(
    makeModel({ components: [api], incidents: [acrossMonths], now: NOW }),
    DEFAULT_SERVICE_LEVEL_SETTINGS,
    NOW,
  );

  it('covers the last 12 JST months, oldest first, ending with the running month', () => {
    expect(report.months.map((m) => m.period.key)).toEqual([
      '2025-12',
      '2026-01',
      '2026-02',
      '2026-03',
      '2026-04',
      '2026-05',
      '2026-06',
      '2026-07',
      '2026-08',
      '2026-09',
      '2026-10',
      '2026-11',
    ]);
    expect(report.currentMonth.period.key).toBe('2026-11');
    expect(report.currentMonth.overall.final).toBe(false);
  });

  it('splits an outage across midnight at the month boundary and fails both months against 99.99%', () => {
    const october = report.months.find((m) => m.period.key === '2026-10')!.components[0]!;
    // October: 31 × 1440 = 44,640 planned minutes, 10 down; budget 4.464 minutes.
    expect(october.downtimeMinutes).toBe(10);
    expect(october.availability).toBeCloseTo(44_630 / 44_640, 12);
    expect(october.budgetMinutes).toBeCloseTo(4.464, 9);
    expect(october.met).toBe(false);
    const november = report.currentMonth.components[0]!;
    expect(november.downtimeMinutes).toBe(10);
    expect(november.budgetMinutes).toBe(4.32);
    expect(november.budgetLeftMinutes).toBeCloseTo(-5.68, 9);
  });

  it('says "no data" for a month before the component was in service, not 100%', () => {
    const december = report.months[0]!;
    expect(december.components[0]!.availability).toBeNull();
    expect(december.overall.met).toBeNull();
  });

  it('measures each year from the first with data', () => {
    expect(report.years.map((y) => y.period.key)).toEqual(['2026']);
    expect(report.years[0]!.components[0]!.downtimeMinutes).toBe(20);
  });

  it('has 90 daily bars per component and a 90-day figure measured up to now', () => {
    expect(report.bars[0]!.days).toHaveLength(90);
    expect(report.bars[0]!.days.at(-1)!.date).toBe('2026-11-28');
    expect(report.barsSummary.period.key).toBe('2026-08-31/2026-11-28');
    // 2026-08-31 00:00 → 2026-11-28 12:00 = 89.5 days = 128,880 minutes, 20 of them down.
    expect(report.barsSummary.components[0]!.plannedMinutes).toBe(128_880);
    expect(report.barsSummary.overall.availability).toBeCloseTo(128_860 / 128_880, 12);
  });
});

describe('the service-level report: configured settings', () => {
  it('weights partial outage minutes by the configured weight', () => {
    const partial = outage('p1', 'api', 'partial_outage', '2026-11-10 10:00', '2026-11-10 11:00');
    const settings = parseServiceLevelSettings({ partialWeight: 0.25 });
    const report = serviceLevelReport(makeModel({ components: [api], incidents: [partial], now: NOW }), settings, NOW);
    expect(report.currentMonth.components[0]!.downtimeMinutes).toBe(15);
    expect(report.bars[0]!.days.find((d) => d.date === '2026-11-10')!.downtimeMinutes).toBe(15);
  });

  it('judges against the configured target', () => {
    const settings = parseServiceLevelSettings({ availabilityTarget: 0.999 });
    const report = serviceLevelReport(
      makeModel({ components: [api], incidents: [acrossMonths], now: NOW }),
      settings,
      NOW,
    );
    // 99.9% of 30 days = 43.2 minutes: 10 minutes are within it (99.99% would allow 4.32: missed).
    expect(report.currentMonth.components[0]!.budgetMinutes).toBeCloseTo(43.2, 9);
    expect(report.currentMonth.components[0]!.status).toBe('on_track');
  });

  it('takes published maintenance out of planned time and ignores a cancelled one', () => {
    const maintenances = [
      makeMaintenance(
        {
          id: 'm1',
          componentIds: ['api'],
          scheduledFor: jst('2026-11-18 02:00'),
          scheduledUntil: jst('2026-11-18 04:00'),
        },
        NOW,
      ),
      makeMaintenance(
        {
          id: 'm2',
          componentIds: ['api'],
          scheduledFor: jst('2026-11-25 02:00'),
          scheduledUntil: jst('2026-11-25 04:00'),
          overrides: { ...makeMaintenance().overrides, cancelledAt: jst('2026-11-20 10:00') },
        },
        NOW,
      ),
    ];
    const report = serviceLevelReport(
      makeModel({ components: [api], maintenances, now: NOW }),
      DEFAULT_SERVICE_LEVEL_SETTINGS,
      NOW,
    );
    const level = report.currentMonth.components[0]!;
    expect(level.maintenanceMinutes).toBe(120);
    // (43,200 − 120) × 0.0001 = 4.308 minutes of budget.
    expect(level.budgetMinutes).toBeCloseTo(4.308, 9);
  });

  it('does not count an outage inside a maintenance window as downtime', () => {
    const maintenances = [
      makeMaintenance(
        { componentIds: ['api'], scheduledFor: jst('2026-11-18 02:00'), scheduledUntil: jst('2026-11-18 04:00') },
        NOW,
      ),
    ];
    const during = outage('o1', 'api', 'major_outage', '2026-11-18 03:30', '2026-11-18 04:30');
    const report = serviceLevelReport(
      makeModel({ components: [api], incidents: [during], maintenances, now: NOW }),
      DEFAULT_SERVICE_LEVEL_SETTINGS,
      NOW,
    );
    expect(report.currentMonth.components[0]!.downtimeMinutes).toBe(30);
  });
});

describe('when a component is measured from', () => {
  it('uses the start date when one is set', () => {
    const c = makeComponent('api', { startDate: '2026-05-01' });
    expect(measuredComponents({ components: [c], incidents: [acrossMonths] })[0]!.startDate).toBe('2026-05-01');
  });

  it('otherwise uses the earlier of its creation and the first incident that names it', () => {
    const late = makeComponent('api', { createdAt: jst('2026-06-01 10:00') });
    const early = outage('e1', 'api', 'major_outage', '2026-03-05 08:00', '2026-03-05 09:00');
    const other = outage('e2', 'web', 'major_outage', '2026-01-05 08:00', '2026-01-05 09:00');
    expect(measuredComponents({ components: [late], incidents: [early, other] })[0]!.startDate).toBe('2026-03-05');
    expect(measuredComponents({ components: [late], incidents: [other] })[0]!.startDate).toBe('2026-06-01');
  });
});

describe('response figures by year', () => {
  it('gives MTTR, first notice and counts for each JST year', () => {
    const lastYear = makeIncident({
      id: 'a',
      detectedAt: '2025-12-31 23:00',
      createdAt: '2025-12-31 23:20',
      resolvedAt: '2026-01-01 01:00',
      updates: [{ at: '2025-12-31 23:20', components: { api: 'major_outage' } }],
    });
    const thisYear = makeIncident({
      id: 'b',
      detectedAt: '2026-03-01 10:00',
      createdAt: '2026-03-01 11:30',
      resolvedAt: '2026-03-02 10:00',
      updates: [{ at: '2026-03-01 11:30', components: { api: 'partial_outage' } }],
    });
    const report = serviceLevelReport(
      makeModel({ components: [api], incidents: [lastYear, thisYear], now: NOW }),
      DEFAULT_SERVICE_LEVEL_SETTINGS,
      NOW,
    );
    expect(report.response.all.incidentCount).toBe(2);
    expect(report.response.all.mttrMinutes).toBe((120 + 1440) / 2);
    expect(
      report.response.byYear.map((y) => [
        y.year,
        y.figures.incidentCount,
        y.figures.mttrMinutes,
        y.figures.firstNotice.metCount,
      ]),
    ).toEqual([
      ['2025', 1, 120, 1],
      ['2026', 1, 1440, 0],
    ]);
    expect(report.response.all.longIncidentIds).toEqual(['b']);
    expect(report.years.map((y) => y.period.key)).toEqual(['2025', '2026']);
  });
});

describe('next update due for every unresolved incident', () => {
  const active = makeIncident({
    id: 'act',
    detectedAt: '2026-11-28 11:00',
    updates: [{ at: '2026-11-28 11:10' }, { at: '2026-11-28 11:40', status: 'identified' }],
  });

  it('is the default interval after the latest update', () => {
    expect(updatesDue({ incidents: [active, acrossMonths] }, DEFAULT_SERVICE_LEVEL_SETTINGS, NOW)).toEqual([
      { incidentId: 'act', promised: false, dueAt: jst('2026-11-28 12:10'), overdue: false, minutesLate: 0 },
    ]);
  });

  it('follows the configured interval and says how late the update is', () => {
    const [due] = updatesDue({ incidents: [active] }, { updateIntervalMinutes: 15 }, NOW);
    expect(due).toMatchObject({ dueAt: jst('2026-11-28 11:55'), overdue: true, minutesLate: 5 });
  });

  it('is the operator’s promise when one is set', () => {
    const promised = { ...active, nextUpdateAt: jst('2026-11-28 13:00') };
    expect(updatesDue({ incidents: [promised] }, DEFAULT_SERVICE_LEVEL_SETTINGS, NOW)[0]).toMatchObject({
      promised: true,
      dueAt: jst('2026-11-28 13:00'),
      overdue: false,
    });
  });
});

describe('when the published service-level text goes stale by time alone', () => {
  const settings = DEFAULT_SERVICE_LEVEL_SETTINGS;
  const friday = jst('2026-11-27 11:00');
  const active = makeIncident({ id: 'act', detectedAt: '2026-11-27 10:50', updates: [{ at: '2026-11-27 11:00' }] });

  it('is just after the earliest update falls due, so that the page rendered then says it is late', () => {
    expect(nextServiceLevelChangeAt({ incidents: [active] }, settings, friday)).toEqual(
      new Date(jst('2026-11-27 11:30').getTime() + 1000),
    );
  });

  it('is the support desk closing for lunch when no update is due sooner', () => {
    expect(nextServiceLevelChangeAt({ incidents: [] }, settings, friday)).toEqual(jst('2026-11-27 12:00'));
  });

  it('is the next JST midnight at a weekend, when the desk stays shut', () => {
    expect(nextServiceLevelChangeAt({ incidents: [] }, settings, NOW)).toEqual(jst('2026-11-29 00:00'));
  });

  it('ignores an update already overdue (its page already says so)', () => {
    expect(nextServiceLevelChangeAt({ incidents: [active] }, settings, jst('2026-11-27 11:45'))).toEqual(
      jst('2026-11-27 12:00'),
    );
  });
});

describe('support desk hours embedded in the report', () => {
  it('lists two weeks of opening intervals from now, the current one first', () => {
    const friday = jst('2026-11-27 11:00');
    const report = serviceLevelReport(
      makeModel({ components: [api], now: friday }),
      DEFAULT_SERVICE_LEVEL_SETTINGS,
      friday,
    );
    expect(report.supportDesk.status.phone.open).toBe(true);
    expect(report.supportDesk.intervals[0]).toEqual({ start: jst('2026-11-27 09:00'), end: jst('2026-11-27 12:00') });
    // Fri 27 (2), 30 Nov–10 Dec (9 weekdays × 2), Fri 11 Dec 09:00 (starts before 11:00).
    expect(report.supportDesk.intervals).toHaveLength(21);
    expect(report.supportDesk.intervals.at(-1)!.start).toEqual(jst('2026-12-11 09:00'));
  });
});
