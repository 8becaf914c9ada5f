import { describe, expect, it } from 'vitest';
import { componentsUnderMaintenance, NO_OVERRIDES, withMaintenance } from '../../../api/core/maintenance/index.ts';

const window = {
  scheduledFor: new Date('2026-07-15T02:00:00+09:00'),
  scheduledUntil: new Date('2026-07-15T04:00:00+09:00'),
};
const NOW = new Date('2026-07-15T03:00:00+09:00');

const maintenances = [
  { ...window, componentIds: ['invoices', 'contracts'], overrides: NO_OVERRIDES },
  {
    ...window,
    componentIds: ['quotes'],
    overrides: { ...NO_OVERRIDES, verifyingAt: new Date('2026-07-15T02:30:00+09:00') },
  },
  {
    ...window,
    componentIds: ['ordering'],
    overrides: { ...NO_OVERRIDES, cancelledAt: new Date('2026-07-01T00:00:00Z') },
  },
  {
    ...window,
    componentIds: ['trade'],
    overrides: { ...NO_OVERRIDES, finishedAt: new Date('2026-07-15T02:45:00+09:00') },
  },
  {
    scheduledFor: new Date('2026-08-19T02:00:00+09:00'),
    scheduledUntil: new Date('2026-08-19T04:00:00+09:00'),
    componentIds: ['platform-id'],
    overrides: NO_OVERRIDES,
  },
];

describe('components under maintenance', () => {
  it('are those of maintenances in progress or verifying at now, and no others', () => {
    expect([...componentsUnderMaintenance(maintenances, NOW)].sort()).toEqual(['contracts', 'invoices', 'quotes']);
  });

  it('are none before the window or at its end', () => {
    expect(componentsUnderMaintenance(maintenances, new Date('2026-07-15T01:59:59.999+09:00')).size).toBe(0);
    expect(componentsUnderMaintenance(maintenances, new Date('2026-07-15T04:00:00+09:00')).size).toBe(0);
  });

  it('show as under maintenance unless an incident is worse', () => {
    const under = componentsUnderMaintenance(maintenances, NOW);
    expect(withMaintenance('invoices', ['operational'], under)).toBe('under_maintenance');
    expect(withMaintenance('invoices', ['partial_outage'], under)).toBe('partial_outage');
    expect(withMaintenance('ordering', ['operational'], under)).toBe('operational');
  });
});
