import { describe, expect, it } from 'vitest';
import type { SiteModel } from '../../../api/core/model.ts';
import { maintenanceAffectedRoutes, maintenancePageRoutes } from '../../../api/publish/maintenance-routes.ts';
import { makeMaintenance } from './make-maintenance.ts';

const jst = (s: string) => new Date(`${s}+09:00`);

function model(now: Date): SiteModel {
  return {
    generatedAt: now,
    updatedAt: now,
    indicator: 'none',
    groups: [],
    components: [],
    incidents: [],
    maintenances: [
      makeMaintenance(
        {
          id: 'june',
          componentIds: ['invoices'],
          scheduledFor: jst('2026-06-17T02:00:00'),
          scheduledUntil: jst('2026-06-17T04:00:00'),
        },
        now,
      ),
      makeMaintenance({ id: 'july', componentIds: ['quotes'] }, now),
    ],
    notices: [],
  };
}

describe('the maintenance pages a change republishes', () => {
  it('publishes every maintenance page, the notices index and the compliance page in both languages', () => {
    expect(maintenancePageRoutes(model(jst('2026-06-01T00:00:00')))).toEqual([
      '/notices/',
      '/en/notices/',
      '/compliance/',
      '/en/compliance/',
      '/maintenance/june/',
      '/en/maintenance/june/',
      '/maintenance/july/',
      '/en/maintenance/july/',
    ]);
  });

  it('on the clock, republishes the page of a window that just opened or closed, and leaves the others', () => {
    const opened = maintenanceAffectedRoutes({ kind: 'clock' }, model(jst('2026-06-17T02:00:01')));
    expect(opened).toEqual(['/notices/', '/en/notices/', '/maintenance/june/', '/en/maintenance/june/']);
    const later = maintenanceAffectedRoutes({ kind: 'clock' }, model(jst('2026-06-20T00:00:00')));
    expect(later).toEqual(['/notices/', '/en/notices/']);
  });

  it('for a renamed component, republishes only the maintenances that name it', () => {
    expect(maintenanceAffectedRoutes({ kind: 'component', id: 'quotes' }, model(jst('2026-06-01T00:00:00')))).toEqual([
      '/maintenance/july/',
      '/en/maintenance/july/',
    ]);
  });
});
