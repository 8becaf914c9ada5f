import { describe, expect, it } from 'vitest';
import { DEFAULT_STANDING_WINDOW, LEAD_TIME_POLICY } from '../../../api/core/maintenance/index.ts';
import { maintenanceSettingsFromEnv } from '../../../api/server/maintenance-config.ts';

describe('maintenance settings from the environment', () => {
  it('defaults to the sheet: monthly 02:00–04:00 JST on the third Wednesday, 6/3/1 months of notice', () => {
    expect(maintenanceSettingsFromEnv({})).toEqual({
      standingWindow: DEFAULT_STANDING_WINDOW,
      leadTimePolicy: LEAD_TIME_POLICY,
    });
  });

  it('reads a reshaped window and policy, and words the body so that it stays true', () => {
    const settings = maintenanceSettingsFromEnv({
      STANDING_WINDOW_RRULE: 'FREQ=WEEKLY;BYDAY=SU',
      STANDING_WINDOW_START: '01:30',
      STANDING_WINDOW_DURATION_MINUTES: '90',
      STANDING_WINDOW_COMPONENTS: 'abc, def',
      LEAD_TIME_CHANGE_MONTHS: '2',
    });
    expect(settings.standingWindow).toMatchObject({
      rrule: 'FREQ=WEEKLY;BYDAY=SU',
      startTime: '01:30',
      durationMinutes: 90,
      componentIds: ['abc', 'def'],
    });
    expect(settings.standingWindow!.body).not.toContain('第3水曜日');
    expect(settings.leadTimePolicy).toEqual({ ...LEAD_TIME_POLICY, change: { months: 2 } });
  });

  it('turns the standing window off with STANDING_WINDOW_RRULE=off', () => {
    expect(maintenanceSettingsFromEnv({ STANDING_WINDOW_RRULE: 'off' }).standingWindow).toBeNull();
  });

  it('refuses bad values at start-up, naming each variable', () => {
    expect(() =>
      maintenanceSettingsFromEnv({ STANDING_WINDOW_RRULE: 'FREQ=HOURLY', LEAD_TIME_TERMINATION_MONTHS: 'three' }),
    ).toThrow(
      'Invalid configuration: LEAD_TIME_TERMINATION_MONTHS must be a whole number of months such as 6; STANDING_WINDOW_RRULE FREQ must be YEARLY, MONTHLY, WEEKLY or DAILY',
    );
    expect(() => maintenanceSettingsFromEnv({ STANDING_WINDOW_TZID: 'Mars/Olympus' })).toThrow(
      /STANDING_WINDOW_TZID must be an IANA time zone/,
    );
    expect(() => maintenanceSettingsFromEnv({ STANDING_WINDOW_START: '2:00' })).toThrow(
      /STANDING_WINDOW_START must be HH:MM/,
    );
    expect(() => maintenanceSettingsFromEnv({ LEAD_TIME_MAINTENANCE_MONTHS: '99' })).toThrow(
      /LEAD_TIME_MAINTENANCE_MONTHS/,
    );
  });
});
