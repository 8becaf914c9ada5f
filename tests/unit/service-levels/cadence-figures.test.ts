import { describe, expect, it } from 'vitest';
import { updateCadenceFigures } from '../../../api/core/service-levels/index.ts';
import { jst, makeIncident } from './make-incident.ts';

describe('how well updates kept to the 30-minute promise', () => {
  const resolved = makeIncident({
    id: 'r',
    detectedAt: '2026-11-10 09:50',
    resolvedAt: '2026-11-10 11:15',
    // Gaps: 30 (kept), 45 (late), 10 (kept; resolution ends the last gap).
    updates: [
      { at: '2026-11-10 10:00' },
      { at: '2026-11-10 10:30', status: 'identified' },
      { at: '2026-11-10 11:15', status: 'monitoring' },
      { at: '2026-11-10 11:25', status: 'resolved' },
    ],
  });

  it('counts the gaps between posts while the incident was active, and the longest', () => {
    expect(updateCadenceFigures([resolved], jst('2026-11-28 12:00'), { intervalMinutes: 30 })).toEqual({
      intervalMinutes: 30,
      gapCount: 3,
      metCount: 2,
      longestGapMinutes: 45,
      overdueNow: 0,
    });
  });

  it('counts nothing after the resolution (a postmortem weeks later is no late update)', () => {
    const withPostmortem = makeIncident({
      id: 'p',
      detectedAt: '2026-11-10 10:00',
      resolvedAt: '2026-11-10 10:20',
      updates: [
        { at: '2026-11-10 10:00' },
        { at: '2026-11-10 10:20', status: 'resolved' },
        { at: '2026-11-20 10:00', status: 'postmortem' },
      ],
    });
    expect(updateCadenceFigures([withPostmortem], jst('2026-11-28 12:00'), { intervalMinutes: 30 })).toMatchObject({
      gapCount: 1,
      metCount: 1,
      longestGapMinutes: 20,
    });
  });

  it('counts a post after the time the previous post promised as late, even within the interval', () => {
    const promisedSooner = makeIncident({
      id: 's',
      detectedAt: '2026-11-10 10:00',
      resolvedAt: '2026-11-10 10:40',
      updates: [
        { at: '2026-11-10 10:00', promised: '2026-11-10 10:10' },
        { at: '2026-11-10 10:20', status: 'identified' },
        { at: '2026-11-10 10:40', status: 'resolved' },
      ],
    });
    expect(updateCadenceFigures([promisedSooner], jst('2026-11-28 12:00'), { intervalMinutes: 30 })).toMatchObject({
      gapCount: 2,
      metCount: 1,
    });
  });

  it('counts a post by a promise further away than the interval as on time, and one after it as late', () => {
    const promisedLater = makeIncident({
      id: 'l',
      detectedAt: '2026-11-10 10:00',
      resolvedAt: '2026-11-10 12:30',
      updates: [
        { at: '2026-11-10 10:00', promised: '2026-11-10 11:00' },
        { at: '2026-11-10 10:55', status: 'identified', promised: '2026-11-10 12:00' },
        { at: '2026-11-10 12:30', status: 'resolved' },
      ],
    });
    expect(updateCadenceFigures([promisedLater], jst('2026-11-28 12:00'), { intervalMinutes: 30 })).toMatchObject({
      gapCount: 2,
      metCount: 1,
      longestGapMinutes: 95,
    });
  });

  it('counts active incidents whose next update is overdue now, against the configured interval', () => {
    const active = makeIncident({ id: 'a', detectedAt: '2026-11-28 11:00', updates: [{ at: '2026-11-28 11:30' }] });
    expect(updateCadenceFigures([active], jst('2026-11-28 12:00'), { intervalMinutes: 20 })).toMatchObject({
      intervalMinutes: 20,
      gapCount: 0,
      longestGapMinutes: null,
      overdueNow: 1,
    });
    expect(updateCadenceFigures([active], jst('2026-11-28 12:00'), { intervalMinutes: 30 }).overdueNow).toBe(0);
  });
});
