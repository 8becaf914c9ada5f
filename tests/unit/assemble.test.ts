import { describe, expect, it } from 'vitest';
import { assembleSiteModel, type SiteRows } from '../../api/core/queries/assemble.ts';

const t = (iso: string) => new Date(iso);
const component = (
  id: string,
  status: SiteRows['components'][number]['status'] = 'operational',
  groupId: string | null = null,
  position = 0,
) => ({
  id,
  groupId,
  name: id,
  nameEn: null,
  description: null,
  descriptionEn: null,
  position,
  status,
  showcase: true,
  onlyShowIfDegraded: false,
  startDate: null,
  createdAt: t('2026-01-01T00:00:00Z'),
  updatedAt: t('2026-01-01T00:00:00Z'),
});
const incident = (id: string, createdAt: string, impact: 'none' | 'minor' | 'major' | 'critical' = 'minor') => ({
  id,
  name: id,
  nameEn: null,
  impact,
  detectedAt: t(createdAt),
  createdAt: t(createdAt),
  updatedAt: t(createdAt),
  nextUpdateAt: null,
});
let seq = 0;
const update = (id: string, incidentId: string, status: SiteRows['updates'][number]['status'], at: string) => ({
  id,
  incidentId,
  seq: ++seq,
  status,
  body: status,
  bodyEn: null,
  createdAt: t(at),
  displayAt: t(at),
});
const now = t('2026-11-28T00:00:00Z');
const empty: SiteRows = { groups: [], components: [], incidents: [], updates: [], updateComponents: [] };

describe('deriving the site model from rows', () => {
  it('takes an incident status from its latest update, breaking time ties by insertion order', () => {
    const model = assembleSiteModel(
      {
        ...empty,
        incidents: [incident('i1', '2026-11-01T00:00:00Z')],
        updates: [
          update('u1', 'i1', 'investigating', '2026-11-01T00:00:00Z'),
          update('u2', 'i1', 'identified', '2026-11-01T00:10:00Z'),
          update('u3', 'i1', 'monitoring', '2026-11-01T00:10:00Z'),
        ],
      },
      now,
    );
    expect(model.incidents[0]!.status).toBe('monitoring');
    expect(model.incidents[0]!.updates.map((u) => u.id)).toEqual(['u3', 'u2', 'u1']);
    expect(model.incidents[0]!.monitoringAt).toEqual(t('2026-11-01T00:10:00Z'));
  });

  it('shows a component at the worst status any unresolved incident last set for it', () => {
    const model = assembleSiteModel(
      {
        ...empty,
        components: [component('a'), component('b', 'degraded_performance')],
        incidents: [incident('i1', '2026-11-01T00:00:00Z', 'major'), incident('i2', '2026-11-02T00:00:00Z', 'minor')],
        updates: [
          update('u1', 'i1', 'investigating', '2026-11-01T00:00:00Z'),
          update('u2', 'i1', 'identified', '2026-11-01T01:00:00Z'),
          update('u3', 'i2', 'investigating', '2026-11-02T00:00:00Z'),
        ],
        updateComponents: [
          { updateId: 'u1', componentId: 'a', status: 'major_outage' },
          { updateId: 'u2', componentId: 'a', status: 'degraded_performance' },
          { updateId: 'u3', componentId: 'a', status: 'partial_outage' },
          { updateId: 'u3', componentId: 'b', status: 'operational' },
        ],
      },
      now,
    );
    const byId = Object.fromEntries(model.components.map((c) => [c.id, c.status]));
    // i1 now says degraded, i2 says partial: partial wins. b's manual degraded beats i2's operational.
    expect(byId).toEqual({ a: 'partial_outage', b: 'degraded_performance' });
    expect(model.indicator).toBe('major');
    expect(model.incidents.find((i) => i.id === 'i1')!.updates[0]!.components).toEqual([
      { componentId: 'a', status: 'degraded_performance', oldStatus: 'major_outage' },
    ]);
  });

  it('drops a resolved incident from component statuses and records when it resolved', () => {
    const model = assembleSiteModel(
      {
        ...empty,
        components: [component('a')],
        incidents: [incident('i1', '2026-11-01T00:00:00Z', 'critical')],
        updates: [
          update('u1', 'i1', 'investigating', '2026-11-01T00:00:00Z'),
          update('u2', 'i1', 'resolved', '2026-11-01T02:00:00Z'),
        ],
        updateComponents: [{ updateId: 'u1', componentId: 'a', status: 'major_outage' }],
      },
      now,
    );
    expect(model.components[0]!.status).toBe('operational');
    expect(model.indicator).toBe('none');
    expect(model.incidents[0]!.resolvedAt).toEqual(t('2026-11-01T02:00:00Z'));
  });

  it('clears resolved_at when a resolved incident is reopened', () => {
    const model = assembleSiteModel(
      {
        ...empty,
        incidents: [incident('i1', '2026-11-01T00:00:00Z')],
        updates: [
          update('u1', 'i1', 'resolved', '2026-11-01T00:00:00Z'),
          update('u2', 'i1', 'investigating', '2026-11-01T01:00:00Z'),
        ],
      },
      now,
    );
    expect(model.incidents[0]!.status).toBe('investigating');
    expect(model.incidents[0]!.resolvedAt).toBeNull();
  });

  it('orders incidents newest first and components by group position, then position', () => {
    const model = assembleSiteModel(
      {
        ...empty,
        groups: [
          {
            id: 'g2',
            name: 'g2',
            nameEn: null,
            description: null,
            descriptionEn: null,
            position: 1,
            createdAt: now,
            updatedAt: now,
          },
          {
            id: 'g1',
            name: 'g1',
            nameEn: null,
            description: null,
            descriptionEn: null,
            position: 0,
            createdAt: now,
            updatedAt: now,
          },
        ],
        components: [
          component('c3', 'operational', 'g2', 0),
          component('c2', 'operational', 'g1', 1),
          component('c1', 'operational', 'g1', 0),
        ],
        incidents: [incident('old', '2026-10-01T00:00:00Z'), incident('new', '2026-11-01T00:00:00Z')],
      },
      now,
    );
    expect(model.components.map((c) => c.id)).toEqual(['c1', 'c2', 'c3']);
    expect(model.groups.map((g) => [g.id, g.componentIds])).toEqual([
      ['g1', ['c1', 'c2']],
      ['g2', ['c3']],
    ]);
    expect(model.incidents.map((i) => i.id)).toEqual(['new', 'old']);
  });
});
