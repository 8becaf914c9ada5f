import { describe, expect, it } from 'vitest';
import {
  buildAvailabilityLedger,
  monthlyServiceLevel,
  type MaintenanceWindow,
} from '../../../api/core/service-levels/index.ts';
import type { IncidentView } from '../../../api/core/model.ts';
import { jst, makeIncident, outage } from './make-incident.ts';

function april(incidents: IncidentView[], now = jst('2026-06-01 00:00'), maintenance: MaintenanceWindow[] = []) {
  const ledger = buildAvailabilityLedger({ components: [{ id: 'api' }], incidents, maintenance }, now);
  return monthlyServiceLevel(ledger, '2026-04', { target: 0.9999, partialWeight: 0.5 }).components[0]!;
}

/** A major outage of exactly `ms` milliseconds starting 2026-04-10 10:00 JST. */
function outageOfMs(ms: number): IncidentView {
  const incident = outage('i1', 'api', 'major_outage', '2026-04-10 10:00', '2026-04-10 11:00');
  const end = new Date(jst('2026-04-10 10:00').getTime() + ms);
  return {
    ...incident,
    resolvedAt: end,
    updates: incident.updates.map((u) => (u.status === 'resolved' ? { ...u, createdAt: end } : u)),
  };
}

describe('monthly service level against the 99.99% target', () => {
  it('gives an error budget of 4.32 minutes for a 30-day month', () => {
    // April: 30 × 1440 = 43,200 minutes; (1 − 0.9999) × 43,200 = 4.32.
    const level = april([]);
    expect(level.target).toBe(0.9999);
    expect(level.budgetMinutes).toBe(4.32);
    expect(level.met).toBe(true);
    expect(level.final).toBe(true);
  });

  it('passes with a downtime of exactly the budget and fails just past it', () => {
    // 4.32 minutes = 259,200 ms.
    const exact = april([outageOfMs(259_200)]);
    expect(exact.met).toBe(true);
    expect(exact.budgetLeftMinutes).toBeCloseTo(0, 9);
    const over = april([outageOfMs(5 * 60_000)]);
    expect(over.met).toBe(false);
    expect(over.budgetUsedMinutes).toBe(5);
    expect(over.budgetLeftMinutes).toBeCloseTo(-0.68, 9);
  });

  it('bases the budget on planned time, so maintenance shrinks it', () => {
    // 43,200 − 120 = 43,080 planned minutes → 4.308 minutes of budget.
    const maintenance: MaintenanceWindow[] = [
      { componentIds: 'all', start: jst('2026-04-15 02:00'), end: jst('2026-04-15 04:00') },
    ];
    expect(april([], undefined, maintenance).budgetMinutes).toBeCloseTo(4.308, 9);
  });

  it('keeps the whole month’s budget while the month runs, and says the result is not final', () => {
    // Now 10 April 12:00, 2 minutes down so far: 2.32 of 4.32 left.
    const incident = outage('i1', 'api', 'major_outage', '2026-04-10 10:00', '2026-04-10 10:02');
    const level = april([incident], jst('2026-04-10 12:00'));
    expect(level.final).toBe(false);
    expect(level.budgetMinutes).toBe(4.32);
    expect(level.budgetLeftMinutes).toBeCloseTo(2.32, 9);
    // 2 of 13,680 minutes so far: 99.985%, below the target, though the budget is not spent.
    expect(level.met).toBeNull();
    expect(level.status).toBe('at_risk');
  });

  it('never calls a running month met: on track while the figure so far holds the target', () => {
    // Now 10 April 12:00, 1 minute down of 13,680 planned so far: 99.9927% ≥ 99.99%.
    const incident = outage('i1', 'api', 'major_outage', '2026-04-10 10:00', '2026-04-10 10:01');
    const running = april([incident], jst('2026-04-10 12:00'));
    expect(running).toMatchObject({ final: false, met: null, status: 'on_track' });
    expect(april([incident])).toMatchObject({ final: true, met: true, status: 'met' });
  });

  it('says a running month is missed once its budget is overspent, and missed stays missed when it ends', () => {
    const incident = outage('i1', 'api', 'major_outage', '2026-04-10 10:00', '2026-04-10 10:05');
    expect(april([incident], jst('2026-04-10 12:00'))).toMatchObject({ final: false, met: null, status: 'missed' });
    expect(april([incident])).toMatchObject({ final: true, met: false, status: 'missed' });
  });

  it('has no verdict for a month that has not begun', () => {
    const level = april([], jst('2026-03-15 12:00'));
    expect(level.met).toBeNull();
    expect(level.status).toBe('no_data');
    expect(level.availability).toBeNull();
    expect(level.budgetMinutes).toBe(4.32);
  });

  it('fails the month once an open incident has used the budget', () => {
    const incident = makeIncident({
      id: 'i1',
      detectedAt: '2026-04-10 10:00',
      updates: [{ at: '2026-04-10 10:03', components: { api: 'major_outage' } }],
    });
    const level = april([incident], jst('2026-04-10 10:05'));
    expect(level.budgetUsedMinutes).toBe(5);
    expect(level.status).toBe('missed');
    expect(level.met).toBeNull();
  });
});
