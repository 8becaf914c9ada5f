import { describe, expect, it } from 'vitest';
import type { IncidentView, SiteModel } from '../../../api/core/model.ts';
import { serviceLevelReport } from '../../../api/core/queries/service-levels.ts';
import { DEFAULT_SERVICE_LEVEL_SETTINGS } from '../../../api/core/service-levels/settings.ts';
import { makeMaintenance } from '../maintenance/make-maintenance.ts';
import { jst, makeIncident, outage } from './make-incident.ts';
import { makeComponent, makeModel } from './make-model.ts';

const components = [makeComponent('api', { createdAt: jst('2024-01-01 00:00') }), makeComponent('web')];
const lastYear = outage('old', 'api', 'major_outage', '2025-03-01 10:00', '2025-03-02 12:00');
const thisYear = outage('recent', 'web', 'partial_outage', '2026-11-20 10:00', '2026-11-20 11:00');
const open = makeIncident({
  id: 'open',
  detectedAt: '2026-11-28 09:00',
  updates: [{ at: '2026-11-28 09:05', components: { api: 'degraded_performance' } }],
});

/** The report as computed with nothing kept from before: every record a new object. */
const fromScratch = (model: SiteModel, now: Date) =>
  serviceLevelReport(structuredClone(model), DEFAULT_SERVICE_LEVEL_SETTINGS, now);

describe('the service-level report after each write, sharing the unchanged records of the model before', () => {
  it('equals the report of the same model computed from scratch, as time passes and incidents open, resolve and go', () => {
    const steps: Array<[string, Date, IncidentView[], SiteModel['maintenances']]> = [
      ['the history as it stands', jst('2026-11-28 12:00'), [lastYear, thisYear, open], []],
      [
        'a new incident on another component',
        jst('2026-11-28 13:00'),
        [lastYear, thisYear, open, outage('new', 'web', 'major_outage', '2026-11-28 12:30')],
        [],
      ],
      [
        'the open incident resolved, and a maintenance window on it',
        jst('2026-11-28 14:00'),
        [
          lastYear,
          thisYear,
          outage('open', 'api', 'degraded_performance', '2026-11-28 09:00', '2026-11-28 13:30'),
          outage('new', 'web', 'major_outage', '2026-11-28 12:30'),
        ],
        [
          makeMaintenance({
            componentIds: ['api'],
            scheduledFor: jst('2026-11-28 13:00'),
            scheduledUntil: jst('2026-11-28 13:45'),
          }),
        ],
      ],
      ['two days later, nothing written: the open incident now lasted a day', jst('2026-11-30 15:00'), [], []],
      ['last year’s incident deleted', jst('2026-11-30 16:00'), [thisYear], []],
    ];
    let incidents: IncidentView[] = [];
    let maintenances: SiteModel['maintenances'] = [];
    const published: Array<[string, SiteModel, ReturnType<typeof serviceLevelReport>]> = [];
    for (const [what, now, written, windows] of steps) {
      // An empty step writes nothing: the model keeps its records, only the time moves.
      if (written.length) incidents = what.includes('deleted') ? incidents.filter((i) => i.id !== 'old') : written;
      if (windows.length) maintenances = windows;
      const model = makeModel({ components, incidents, maintenances, now });
      published.push([what, model, serviceLevelReport(model, DEFAULT_SERVICE_LEVEL_SETTINGS, now)]);
    }
    // Only once every step is published (a report from scratch in between would replace what was
    // kept), and latest first: each is then computed after a later model, never the one before it.
    for (const [what, model, report] of published.toReversed())
      expect(report, what).toEqual(fromScratch(model, model.generatedAt));
  });
});
