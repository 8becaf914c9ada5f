import { describe, expect, it } from 'vitest';
import { LEAD_TIME_POLICY, NO_OVERRIDES, type NoticeView } from '../../../api/core/maintenance/index.ts';
import { serviceLevelReport } from '../../../api/core/queries/service-levels.ts';
import { promiseFigures } from '../../../api/core/queries/service-promises.ts';
import { DEFAULT_SERVICE_LEVEL_SETTINGS } from '../../../api/core/service-levels/settings.ts';
import { makeMaintenance } from '../maintenance/make-maintenance.ts';
import { jst, outage } from './make-incident.ts';
import { makeComponent, makeModel } from './make-model.ts';

const NOW = jst('2026-11-28 12:00');
const api = makeComponent('api', { createdAt: jst('2025-11-01 00:00') });

function notice(id: string, kind: NoticeView['kind'], announced: string, effective: string): NoticeView {
  return {
    id,
    kind,
    title: id,
    titleEn: null,
    body: '',
    bodyEn: null,
    effectiveAt: jst(effective),
    announcedAt: jst(announced),
    componentIds: [],
    shortNotice: false,
    shortNoticeReason: null,
    createdAt: jst(announced),
    updatedAt: jst(announced),
  };
}

describe('the measured side of each promise', () => {
  it('gives the overall availability over the 12 months and the ended months that met the target', () => {
    // 2026-03 loses 10 minutes: 11 ended months with data (Dec–Oct), 10 of them met.
    const model = makeModel({
      components: [api],
      incidents: [outage('i1', 'api', 'major_outage', '2026-03-10 10:00', '2026-03-10 10:10')],
      now: NOW,
    });
    const figures = promiseFigures(
      model,
      serviceLevelReport(model, DEFAULT_SERVICE_LEVEL_SETTINGS, NOW),
      LEAD_TIME_POLICY,
    );
    expect(figures.months).toEqual({ count: 11, met: 10 });
    // 2025-12-01 → 2026-11-28 12:00 = 362.5 days = 522,000 minutes.
    expect(figures.availabilityLast12Months).toBeCloseTo(1 - 10 / 522_000, 12);
  });

  it('counts standing-window maintenance that ran within the 12 months apart from ad-hoc work, minutes up to now, leaving out cancelled and future ones', () => {
    const maintenances = [
      makeMaintenance(
        {
          id: 'm1',
          seriesId: 'monthly',
          componentIds: ['api'],
          scheduledFor: jst('2026-10-21 02:00'),
          scheduledUntil: jst('2026-10-21 04:00'),
        },
        NOW,
      ),
      makeMaintenance(
        {
          id: 'm2',
          componentIds: ['api'],
          scheduledFor: jst('2026-11-28 11:00'),
          scheduledUntil: jst('2026-11-28 13:00'),
        },
        NOW,
      ),
      makeMaintenance(
        {
          id: 'm3',
          componentIds: ['api'],
          scheduledFor: jst('2026-12-16 02:00'),
          scheduledUntil: jst('2026-12-16 04:00'),
        },
        NOW,
      ),
      makeMaintenance(
        {
          id: 'm4',
          componentIds: ['api'],
          scheduledFor: jst('2026-09-16 02:00'),
          scheduledUntil: jst('2026-09-16 04:00'),
          overrides: { ...NO_OVERRIDES, cancelledAt: jst('2026-09-01 10:00') },
        },
        NOW,
      ),
      makeMaintenance(
        {
          id: 'm5',
          componentIds: ['api'],
          scheduledFor: jst('2025-10-15 02:00'),
          scheduledUntil: jst('2025-10-15 04:00'),
        },
        NOW,
      ),
    ];
    const model = makeModel({ components: [api], maintenances, now: NOW });
    expect(
      promiseFigures(model, serviceLevelReport(model, DEFAULT_SERVICE_LEVEL_SETTINGS, NOW), LEAD_TIME_POLICY)
        .maintenance,
    ).toEqual({
      // m1: the standing window, 120 minutes; m2: an ad-hoc window, 60 minutes up to now.
      standingWindow: { count: 1, minutes: 120 },
      other: { count: 1, minutes: 60 },
    });
  });

  it('names the next occurrence of the standing window, not a one-off or a cancelled occurrence', () => {
    const maintenances = [
      makeMaintenance(
        { id: 'one-off', scheduledFor: jst('2026-12-01 02:00'), scheduledUntil: jst('2026-12-01 03:00') },
        NOW,
      ),
      makeMaintenance(
        {
          id: 'dec',
          seriesId: 'monthly',
          scheduledFor: jst('2026-12-16 02:00'),
          scheduledUntil: jst('2026-12-16 04:00'),
          overrides: { ...NO_OVERRIDES, cancelledAt: jst('2026-11-20 10:00') },
        },
        NOW,
      ),
      makeMaintenance(
        {
          id: 'feb',
          seriesId: 'monthly',
          scheduledFor: jst('2027-02-17 02:00'),
          scheduledUntil: jst('2027-02-17 04:00'),
        },
        NOW,
      ),
      makeMaintenance(
        {
          id: 'jan',
          seriesId: 'monthly',
          scheduledFor: jst('2027-01-20 02:00'),
          scheduledUntil: jst('2027-01-20 04:00'),
        },
        NOW,
      ),
    ];
    const model = makeModel({ components: [api], maintenances, now: NOW });
    expect(
      promiseFigures(model, serviceLevelReport(model, DEFAULT_SERVICE_LEVEL_SETTINGS, NOW), LEAD_TIME_POLICY)
        .nextStandingWindow,
    ).toEqual({ start: jst('2027-01-20 02:00'), end: jst('2027-01-20 04:00') });
  });

  it('counts a standing-window occurrence stored at first install as announced on time, and one the job published late as short', () => {
    const maintenances = [
      makeMaintenance(
        {
          id: 'installed',
          seriesId: 'monthly',
          announcedAt: jst('2026-11-01 09:00'),
          scheduledFor: jst('2026-12-16 02:00'),
          scheduledUntil: jst('2026-12-16 04:00'),
        },
        NOW,
      ),
      makeMaintenance(
        {
          id: 'late',
          seriesId: 'monthly',
          announcedAt: jst('2026-11-01 09:00'),
          scheduledFor: jst('2027-01-20 02:00'),
          scheduledUntil: jst('2027-01-20 04:00'),
          shortNotice: true,
          shortNoticeReason: '定期メンテナンスの自動登録が遅れたため',
        },
        NOW,
      ),
    ];
    const model = makeModel({ components: [api], maintenances, now: NOW });
    expect(
      promiseFigures(model, serviceLevelReport(model, DEFAULT_SERVICE_LEVEL_SETTINGS, NOW), LEAD_TIME_POLICY).notices,
    ).toEqual({ count: 2, met: 1 });
  });

  it('counts maintenances and notices announced within the 12 months that gave the full period', () => {
    const maintenances = [
      makeMaintenance(
        {
          id: 'ok',
          announcedAt: jst('2026-01-10 09:00'),
          scheduledFor: jst('2026-07-15 02:00'),
          scheduledUntil: jst('2026-07-15 04:00'),
        },
        NOW,
      ),
      makeMaintenance(
        {
          id: 'short',
          announcedAt: jst('2026-06-01 09:00'),
          scheduledFor: jst('2026-07-15 02:00'),
          scheduledUntil: jst('2026-07-15 04:00'),
        },
        NOW,
      ),
    ];
    const notices = [
      notice('end', 'termination', '2026-02-01 09:00', '2026-05-01 09:00'),
      notice('change', 'change', '2026-10-15 09:00', '2026-11-01 09:00'),
      notice('old', 'change', '2025-10-01 09:00', '2025-12-01 09:00'),
    ];
    const model = { ...makeModel({ components: [api], maintenances, now: NOW }), notices };
    expect(
      promiseFigures(model, serviceLevelReport(model, DEFAULT_SERVICE_LEVEL_SETTINGS, NOW), LEAD_TIME_POLICY).notices,
    ).toEqual({
      count: 4,
      met: 2,
    });
  });
});
