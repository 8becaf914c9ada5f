import { describe, expect, it } from 'vitest';
import { overdueUpdates } from '../../../api/core/queries/service-levels.ts';
import { nextUpdateDue } from '../../../api/core/service-levels/index.ts';
import { DEFAULT_SERVICE_LEVEL_SETTINGS } from '../../../api/core/service-levels/settings.ts';
import { jst, makeIncident } from './make-incident.ts';

function active(id: string, lastUpdateAt: string) {
  return makeIncident({
    id,
    detectedAt: '2026-02-10 09:50',
    updates: [
      { at: '2026-02-10 10:00', components: { api: 'major_outage' } },
      { at: lastUpdateAt, status: 'identified' },
    ],
  });
}

/** The sheet's interval (No. 17). */
const EVERY_30 = { intervalMinutes: 30 };

describe('update cadence', () => {
  it('is due 30 minutes after the latest update', () => {
    // Latest update 10:20 → due 10:50.
    expect(nextUpdateDue(active('i1', '2026-02-10 10:20'), EVERY_30, jst('2026-02-10 10:45'))).toEqual({
      dueAt: jst('2026-02-10 10:50'),
      overdue: false,
      minutesLate: 0,
    });
  });

  it('is on time at the due minute and late after it', () => {
    const incident = active('i1', '2026-02-10 10:20');
    expect(nextUpdateDue(incident, EVERY_30, jst('2026-02-10 10:50'))?.overdue).toBe(false);
    expect(nextUpdateDue(incident, EVERY_30, jst('2026-02-10 10:58'))).toMatchObject({ overdue: true, minutesLate: 8 });
  });

  it('uses the time the operator promised instead of the interval', () => {
    const due = nextUpdateDue(
      active('i1', '2026-02-10 10:20'),
      { ...EVERY_30, operatorNextUpdateAt: jst('2026-02-10 11:30') },
      jst('2026-02-10 10:58'),
    );
    expect(due).toEqual({ dueAt: jst('2026-02-10 11:30'), overdue: false, minutesLate: 0 });
  });

  it('honours a custom interval', () => {
    expect(
      nextUpdateDue(active('i1', '2026-02-10 10:20'), { intervalMinutes: 60 }, jst('2026-02-10 10:58'))?.dueAt,
    ).toEqual(jst('2026-02-10 11:20'));
  });

  it('has nothing due for a resolved incident', () => {
    const resolved = makeIncident({
      id: 'r',
      detectedAt: '2026-02-10 09:00',
      resolvedAt: '2026-02-10 09:30',
      updates: [{ at: '2026-02-10 09:05' }],
    });
    expect(nextUpdateDue(resolved, EVERY_30, jst('2026-02-10 12:00'))).toBeNull();
  });

  it('lists overdue active incidents, most overdue first', () => {
    // Now 11:00: i1 due 10:50 (10 late), i2 due 10:40 (20 late), i3 due 11:10 (on time), r resolved.
    const resolved = makeIncident({
      id: 'r',
      detectedAt: '2026-02-10 09:00',
      resolvedAt: '2026-02-10 09:30',
      updates: [{ at: '2026-02-10 09:05' }],
    });
    const list = overdueUpdates(
      {
        incidents: [
          active('i1', '2026-02-10 10:20'),
          active('i2', '2026-02-10 10:10'),
          active('i3', '2026-02-10 10:40'),
          resolved,
        ],
      },
      DEFAULT_SERVICE_LEVEL_SETTINGS,
      jst('2026-02-10 11:00'),
    );
    expect(list.map((o) => [o.incidentId, o.minutesLate])).toEqual([
      ['i2', 20],
      ['i1', 10],
    ]);
  });
});
