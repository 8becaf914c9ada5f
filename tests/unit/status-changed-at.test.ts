import { describe, expect, it } from 'vitest';
import type { IncidentView } from '../../api/core/model.ts';
import { statusChangedAt } from '../../api/core/queries/status-changed-at.ts';
import { worstComponentStatus } from '../../api/core/severity.ts';
import { type ComponentStatus, isUnresolved } from '../../api/core/vocab.ts';
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

describe('when incidents last changed the shown status, over a long history', () => {
  it('sees an incident added to the same list after an earlier question (a model still arriving in slices)', () => {
    const incidents = [
      makeIncident({
        id: 'a',
        detectedAt: '2026-12-01 04:10',
        resolvedAt: '2026-12-01 04:30',
        updates: [
          { at: '2026-12-01 04:10', components: { api: 'major_outage' } },
          { at: '2026-12-01 04:30', status: 'resolved' },
        ],
      }),
    ];
    expect(statusChangedAt(['api'], ['operational'], incidents)).toEqual(jst('2026-12-01 04:30'));
    incidents.push(
      makeIncident({
        id: 'b',
        detectedAt: '2026-12-01 06:00',
        updates: [{ at: '2026-12-01 06:00', components: { api: 'partial_outage' } }],
      }),
    );
    expect(statusChangedAt(['api'], ['operational'], incidents)).toEqual(jst('2026-12-01 06:00'));
    expect(statusChangedAt(['api', 'web'], ['operational', 'operational'], incidents)).toEqual(jst('2026-12-01 06:00'));
  });

  it('finds an earlier change when the latest incidents only repeated the manual status', () => {
    const outageThen = makeIncident({
      id: 'a',
      detectedAt: '2026-11-01 04:10',
      updates: [
        { at: '2026-11-01 04:10', components: { api: 'major_outage' } },
        { at: '2026-11-01 05:00', status: 'resolved' },
      ],
    });
    const repeatLater = makeIncident({
      id: 'b',
      detectedAt: '2026-12-01 04:10',
      updates: [
        { at: '2026-12-01 04:10', components: { api: 'degraded_performance' } },
        { at: '2026-12-01 05:00', status: 'resolved' },
      ],
    });
    expect(statusChangedAt(['api'], ['degraded_performance'], [outageThen, repeatLater])).toEqual(
      jst('2026-11-01 05:00'),
    );
  });

  it('gives what one replay of every update in time order gives, on a seeded history of overlapping, reopened and same-instant incidents', () => {
    const statuses = ['operational', 'degraded_performance', 'partial_outage', 'major_outage'] as const;
    let seed = 7;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const minute = (m: number) => {
      const d = new Date(Date.UTC(2026, 10, 1, 0, m));
      return `${d.toISOString().slice(0, 10)} ${d.toISOString().slice(11, 16)}`;
    };
    const history = Array.from({ length: 300 }, (_, n) => {
      let at = n * 90 + random(4) * 30;
      return makeIncident({
        id: `i${n}`,
        detectedAt: minute(at),
        updates: Array.from({ length: 1 + random(4) }, () => {
          at += random(3) * 30;
          const component = ['api', 'web', 'db'][random(3)]!;
          const status = (['investigating', 'monitoring', 'resolved'] as const)[random(3)];
          return { at: minute(at), status, components: { [component]: statuses[random(4)]! } };
        }),
      });
    });
    for (const [ids, manual] of [
      [['api'], ['operational']],
      [['web'], ['degraded_performance']],
      [
        ['api', 'db'],
        ['operational', 'partial_outage'],
      ],
      [
        ['api', 'web', 'db'],
        ['operational', 'operational', 'operational'],
      ],
    ] as const) {
      for (const end of [40, 150, 300]) {
        const incidents = history.slice(0, end);
        expect(statusChangedAt(ids, manual, incidents), `${ids} over ${end} incidents`).toEqual(
          replayEverything(ids, manual, incidents),
        );
      }
    }
  });
});

/** The definition: every update of every incident naming the components, replayed in time order. */
function replayEverything(
  componentIds: readonly string[],
  manual: readonly ComponentStatus[],
  incidents: readonly IncidentView[],
): Date | null {
  const ids = new Set(componentIds);
  const events = incidents
    .filter((i) => i.componentIds.some((id) => ids.has(id)))
    .flatMap((i) => i.updates.toReversed().map((u) => ({ incident: i.id, u })))
    .sort((a, b) => a.u.createdAt.getTime() - b.u.createdAt.getTime());
  const words = new Map<string, Map<string, ComponentStatus>>();
  const open = new Set<string>();
  const shown = () => worstComponentStatus([...manual, ...[...open].flatMap((i) => [...words.get(i)!.values()])]);
  let current = shown();
  let changedAt: Date | null = null;
  for (const { incident, u } of events) {
    const held = words.get(incident) ?? new Map<string, ComponentStatus>();
    for (const c of u.components) if (ids.has(c.componentId)) held.set(c.componentId, c.status);
    words.set(incident, held);
    if (isUnresolved(u.status)) open.add(incident);
    else open.delete(incident);
    if (shown() !== current) {
      current = shown();
      changedAt = u.createdAt;
    }
  }
  return changedAt;
}
