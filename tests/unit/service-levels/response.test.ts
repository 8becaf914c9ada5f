import { describe, expect, it } from 'vitest';
import { incidentResponseFigures } from '../../../api/core/service-levels/index.ts';
import { jst, makeIncident } from './make-incident.ts';

const NOW = jst('2026-03-10 13:00');
/** The sheet's first-notice target (No. 15). */
const WITHIN_AN_HOUR = { firstNoticeTargetMinutes: 60 };

function incident(id: string, detectedAt: string, createdAt: string, resolvedAt?: string) {
  return makeIncident({
    id,
    detectedAt,
    resolvedAt,
    updates: [{ at: createdAt, components: { api: 'major_outage' } }],
  });
}

const incidents = [
  incident('a', '2026-01-10 10:00', '2026-01-10 10:20', '2026-01-10 12:00'), // notice 20, repair 120
  incident('b', '2026-03-05 09:00', '2026-03-05 10:30', '2026-03-06 09:00'), // notice 90, repair 1440 (exactly a day)
  incident('c', '2026-01-01 08:30', '2026-01-01 08:40', '2026-01-01 09:30'), // notice 10, repair 60; still 2025 in UTC
  incident('d', '2026-03-09 12:00', '2026-03-09 12:45'), //                      notice 45, open 25 h at NOW
  incident('e', '2025-06-01 10:00', '2025-06-01 10:05', '2025-06-01 10:35'), // notice 5, repair 35
];

describe('incident response figures', () => {
  it('computes MTTR over resolved incidents only', () => {
    // (120 + 1440 + 60 + 35) ÷ 4 = 1655 ÷ 4 = 413.75 minutes.
    const figures = incidentResponseFigures(incidents, NOW, WITHIN_AN_HOUR);
    expect(figures.incidentCount).toBe(5);
    expect(figures.resolvedCount).toBe(4);
    expect(figures.mttrMinutes).toBe(413.75);
  });

  it('measures time to first notice against the one-hour target', () => {
    // 20, 90, 10, 45, 5 → mean 170 ÷ 5 = 34; sorted 5, 10, 20, 45, 90 → median 20; 4 of 5 within 60.
    expect(incidentResponseFigures(incidents, NOW, WITHIN_AN_HOUR).firstNotice).toEqual({
      meanMinutes: 34,
      medianMinutes: 20,
      targetMinutes: 60,
      metCount: 4,
      count: 5,
    });
  });

  it('takes the mean of the two middle values as the median of an even count', () => {
    // Without e: 10, 20, 45, 90 → (20 + 45) ÷ 2 = 32.5.
    expect(incidentResponseFigures(incidents.slice(0, 4), NOW, WITHIN_AN_HOUR).firstNotice.medianMinutes).toBe(32.5);
  });

  it('counts incidents per JST year of detection', () => {
    // c was detected 2026-01-01 08:30 JST (2025-12-31 23:30 UTC): it belongs to 2026.
    expect(incidentResponseFigures(incidents, NOW, WITHIN_AN_HOUR).perYear).toEqual({ '2025': 1, '2026': 4 });
  });

  it('lists incidents that took a day or more, including one still open after a day', () => {
    expect(incidentResponseFigures(incidents, NOW, WITHIN_AN_HOUR).longIncidentIds).toEqual(['b', 'd']);
  });

  it('measures the first e-mail against the same target, and leaves out incidents no one was to be e-mailed about', () => {
    const emailed = (i: (typeof incidents)[number], at: string | null) => ({
      ...i,
      emailNotice: { firstDeliveredAt: at === null ? null : jst(at) },
    });
    const withMail = [
      emailed(incidents[0]!, '2026-01-10 10:25'), // 25 min
      emailed(incidents[1]!, '2026-03-05 10:35'), // 95 min: late
      emailed(incidents[2]!, null), //               e-mails pending or failed: not met
      incidents[3]!, //                              no e-mail recipient
      emailed(incidents[4]!, '2025-06-01 09:58'), // accepted before the detection was recorded: 0 min
    ];
    expect(incidentResponseFigures(withMail, NOW, WITHIN_AN_HOUR).firstEmail).toEqual({
      meanMinutes: 40,
      medianMinutes: 25,
      targetMinutes: 60,
      metCount: 2,
      count: 4,
      undeliveredCount: 1,
      noRecipientCount: 1,
    });
  });

  it('has no means or median without incidents', () => {
    const figures = incidentResponseFigures([], NOW, WITHIN_AN_HOUR);
    expect(figures.mttrMinutes).toBeNull();
    expect(figures.firstNotice.medianMinutes).toBeNull();
  });
});
