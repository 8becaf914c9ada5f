import { describe, expect, it } from 'vitest';
import { buildAvailabilityLedger, dailyBars } from '../../../api/core/service-levels/index.ts';
import { jst, outage } from './make-incident.ts';

const NOW = jst('2026-03-01 12:00');

function bars() {
  const ledger = buildAvailabilityLedger(
    {
      components: [{ id: 'api' }, { id: 'web' }],
      incidents: [
        outage('i1', 'api', 'major_outage', '2026-02-10 23:00', '2026-02-11 01:00'),
        outage('i2', 'api', 'degraded_performance', '2026-02-11 00:30', '2026-02-11 03:00'),
        outage('i3', 'api', 'partial_outage', '2026-03-01 11:00'),
        // Before the 90 days, and from the eve of the first day into it.
        outage('old', 'api', 'major_outage', '2025-11-01 10:00', '2025-11-01 11:00'),
        outage('eve', 'api', 'degraded_performance', '2025-12-01 23:00', '2025-12-02 00:30'),
      ],
      maintenance: [{ componentIds: 'all', start: jst('2026-02-15 02:00'), end: jst('2026-02-15 04:00') }],
    },
    NOW,
  );
  return dailyBars(ledger, { days: 90, partialWeight: 0.5 });
}

describe('90-day bars', () => {
  it('covers the 90 JST days ending today, oldest first', () => {
    // 1 March back 89 days: 28 days to 1 February, 31 more to 1 January, 30 more to 2 December.
    const days = bars()[0]!.days;
    expect(days).toHaveLength(90);
    expect(days[0]!.date).toBe('2025-12-02');
    expect(days.at(-1)!.date).toBe('2026-03-01');
  });

  it('gives each day its availability, worst status, degraded minutes and incidents', () => {
    const api = new Map(bars()[0]!.days.map((d) => [d.date, d]));
    // 10 Feb: major 23:00–24:00 → 60 down of 1440.
    expect(api.get('2026-02-10')).toEqual({
      date: '2026-02-10',
      availability: 1380 / 1440,
      downtimeMinutes: 60,
      majorOutageMinutes: 60,
      partialOutageMinutes: 0,
      degradedMinutes: 0,
      maintenanceMinutes: 0,
      worstStatus: 'major_outage',
      incidentIds: ['i1'],
    });
    // 11 Feb: major 00:00–01:00 (it beats the degraded 00:30–01:00), degraded 01:00–03:00 = 120.
    expect(api.get('2026-02-11')).toMatchObject({
      downtimeMinutes: 60,
      degradedMinutes: 120,
      worstStatus: 'major_outage',
      incidentIds: ['i1', 'i2'],
    });
    expect(api.get('2026-02-12')).toMatchObject({ availability: 1, worstStatus: 'operational', incidentIds: [] });
  });

  it('names on the first day an incident that began the evening before, and none from before the 90 days', () => {
    const days = bars()[0]!.days;
    expect(days[0]).toMatchObject({ date: '2025-12-02', degradedMinutes: 30, incidentIds: ['eve'] });
    expect(days.flatMap((d) => d.incidentIds)).not.toContain('old');
  });

  it('shows a maintenance day as under maintenance at full availability', () => {
    expect(bars()[1]!.days.find((d) => d.date === '2026-02-15')).toMatchObject({
      availability: 1,
      worstStatus: 'under_maintenance',
      maintenanceMinutes: 120,
    });
  });

  it('measures today up to now', () => {
    // Partial outage 11:00–12:00 so far: 60 × 0.5 = 30 down of 720.
    expect(bars()[0]!.days.at(-1)).toMatchObject({
      availability: 690 / 720,
      partialOutageMinutes: 60,
      downtimeMinutes: 30,
      worstStatus: 'partial_outage',
      incidentIds: ['i3'],
    });
  });
});
