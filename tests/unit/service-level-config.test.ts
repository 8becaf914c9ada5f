import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../api/server/config.ts';

describe('service-level configuration from the environment', () => {
  it('keeps the sheet’s figures when nothing is set', () => {
    const { serviceLevels } = loadConfig({}).settings;
    expect(serviceLevels).toMatchObject({
      availabilityTarget: 0.9999,
      partialWeight: 0.5,
      updateIntervalMinutes: 30,
      firstNoticeTargetMinutes: 60,
    });
    expect(serviceLevels.supportDesk.phone.days).toEqual(['mon', 'tue', 'wed', 'thu', 'fri']);
  });

  it('reads each variable', () => {
    const { serviceLevels } = loadConfig({
      AVAILABILITY_TARGET: '0.999',
      PARTIAL_OUTAGE_WEIGHT: '0.3',
      UPDATE_INTERVAL_MINUTES: '20',
      FIRST_NOTICE_TARGET_MINUTES: '45',
      SUPPORT_DESK:
        '{"phone":{"days":["mon","wed"],"hours":[{"from":"10:00","to":"16:00"}],"closedDates":["2026-12-30"]}}',
    }).settings;
    expect(serviceLevels).toMatchObject({
      availabilityTarget: 0.999,
      partialWeight: 0.3,
      updateIntervalMinutes: 20,
      firstNoticeTargetMinutes: 45,
    });
    expect(serviceLevels.supportDesk.phone).toMatchObject({
      days: ['mon', 'wed'],
      hours: [{ from: '10:00', to: '16:00' }],
      closedDates: ['2026-12-30'],
    });
  });

  it.each([
    [{ AVAILABILITY_TARGET: '99.99%' }, /AVAILABILITY_TARGET must be a decimal number/],
    [{ AVAILABILITY_TARGET: '1' }, /AVAILABILITY_TARGET must be below 1/],
    [{ PARTIAL_OUTAGE_WEIGHT: '2' }, /PARTIAL_OUTAGE_WEIGHT must be between 0 and 1/],
    [{ UPDATE_INTERVAL_MINUTES: '2' }, /UPDATE_INTERVAL_MINUTES must be at least 5 minutes/],
    [{ SUPPORT_DESK: '{phone' }, /SUPPORT_DESK is not valid JSON/],
    [
      { SUPPORT_DESK: '{"phone":{"hours":[{"from":"17:00","to":"09:00"}]}}' },
      /SUPPORT_DESK\.phone\.hours\.0\.to "from" must be before "to"/,
    ],
  ])('refuses to start with %j, naming the variable', (env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });
});
