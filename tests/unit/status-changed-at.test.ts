import { describe, expect, it } from 'vitest';
import { statusChangedAt } from '../../api/core/queries/status-changed-at.ts';
import { jst, makeIncident } from './service-levels/make-incident.ts';

describe('when incidents last changed the status a page shows for a component', () => {
  it('is null when no incident ever named the component', () => {
    const other = makeIncident({
      id: 'a',
      detectedAt: '2026-12-01 04:10',
      updates: [{ at: '2026-12-01 04:10', components: { web: 'major_outage' } }],
    });
    expect(statusChangedAt(['api'], ['operational'], [other])).toBeNull();
  });

  it('ignores the end of a lesser incident while a worse one still holds the component', () => {
    const major = makeIncident({
      id: 'a',
      detectedAt: '2026-12-01 04:10',
      updates: [{ at: '2026-12-01 04:10', components: { api: 'major_outage' } }],
    });
    const partial = makeIncident({
      id: 'b',
      detectedAt: '2026-12-01 04:20',
      resolvedAt: '2026-12-01 04:40',
      updates: [
        { at: '2026-12-01 04:20', components: { api: 'partial_outage' } },
        { at: '2026-12-01 04:40', status: 'resolved' },
      ],
    });
    expect(statusChangedAt(['api'], ['operational'], [partial, major])).toEqual(jst('2026-12-01 04:10'));
  });

  it('counts a reopening, which shows the incident’s last word on the component again', () => {
    const reopened = makeIncident({
      id: 'a',
      detectedAt: '2026-12-01 04:10',
      updates: [
        { at: '2026-12-01 04:10', components: { api: 'partial_outage' } },
        { at: '2026-12-01 04:30', status: 'resolved' },
        { at: '2026-12-01 05:00', status: 'investigating' },
      ],
    });
    expect(statusChangedAt(['api'], ['operational'], [reopened])).toEqual(jst('2026-12-01 05:00'));
  });

  it('does not count an incident that only repeats what the manual status already shows', () => {
    const same = makeIncident({
      id: 'a',
      detectedAt: '2026-12-01 04:10',
      updates: [{ at: '2026-12-01 04:10', components: { api: 'degraded_performance' } }],
    });
    expect(statusChangedAt(['api'], ['degraded_performance'], [same])).toBeNull();
  });

  it('follows a group: the worst of its members, so a word on one member under a worse one on another changes nothing', () => {
    const incident = makeIncident({
      id: 'a',
      detectedAt: '2026-12-01 04:10',
      updates: [
        { at: '2026-12-01 04:10', components: { api: 'major_outage' } },
        { at: '2026-12-01 04:20', components: { api: 'partial_outage' } },
        { at: '2026-12-01 04:30', components: { web: 'degraded_performance' } },
      ],
    });
    const members = ['api', 'web'];
    expect(statusChangedAt(members, ['operational', 'operational'], [incident])).toEqual(jst('2026-12-01 04:20'));
    expect(statusChangedAt(['web'], ['operational'], [incident])).toEqual(jst('2026-12-01 04:30'));
  });
});
