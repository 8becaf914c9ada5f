import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../api/core/errors.ts';
import { maintenanceWindows } from '../../../api/core/service-levels/maintenance-windows.ts';
import {
  DEFAULT_SERVICE_LEVEL_SETTINGS,
  parseServiceLevelSettings,
} from '../../../api/core/service-levels/settings.ts';
import { NO_OVERRIDES } from '../../../api/core/maintenance/index.ts';
import { makeMaintenance } from '../maintenance/make-maintenance.ts';
import { jst } from './make-incident.ts';

describe('service-level settings', () => {
  it('default to the service-level sheet: 99.99%, partial weight 0.5, updates every 30 minutes, first notice within 60', () => {
    expect(DEFAULT_SERVICE_LEVEL_SETTINGS).toMatchObject({
      availabilityTarget: 0.9999,
      partialWeight: 0.5,
      updateIntervalMinutes: 30,
      firstNoticeTargetMinutes: 60,
    });
    expect(DEFAULT_SERVICE_LEVEL_SETTINGS.supportDesk.phone.hours).toEqual([
      { from: '09:00', to: '12:00' },
      { from: '13:00', to: '17:00' },
    ]);
  });

  it.each([
    [{ availabilityTarget: 1 }, 'availabilityTarget'],
    [{ partialWeight: 1.5 }, 'partialWeight'],
    [{ updateIntervalMinutes: 2.5 }, 'updateIntervalMinutes'],
    [{ supportDesk: { phone: { hours: [{ from: '12:00', to: '09:00' }] } } }, 'supportDesk.phone.hours.0.to'],
    [{ sla: 1 }, '(settings)'],
  ])('refuse %j naming the field %s', (input, field) => {
    let error: unknown;
    try {
      parseServiceLevelSettings(input);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues.map((i) => i.field)).toContain(field);
  });
});

describe('maintenance as windows outside planned service time', () => {
  const now = jst('2026-07-15 03:00');

  it('uses the whole announced window of a running maintenance, not just the part so far', () => {
    expect(maintenanceWindows([makeMaintenance({}, now)])).toEqual([
      { componentIds: ['invoices', 'contracts'], start: jst('2026-07-15 02:00'), end: jst('2026-07-15 04:00') },
    ]);
  });

  it('follows a recorded early start and an early finish', () => {
    const m = makeMaintenance(
      { overrides: { ...NO_OVERRIDES, startedAt: jst('2026-07-15 01:50'), finishedAt: jst('2026-07-15 02:40') } },
      now,
    );
    expect(maintenanceWindows([m])).toEqual([
      { componentIds: ['invoices', 'contracts'], start: jst('2026-07-15 01:50'), end: jst('2026-07-15 02:40') },
    ]);
  });

  it('leaves out cancelled maintenance and maintenance that names no component', () => {
    const cancelled = makeMaintenance({ overrides: { ...NO_OVERRIDES, cancelledAt: jst('2026-07-01 10:00') } }, now);
    const none = makeMaintenance({ componentIds: [] }, now);
    expect(maintenanceWindows([cancelled, none])).toEqual([]);
  });
});
