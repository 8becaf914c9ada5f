import { describe, expect, it } from 'vitest';
import { buildStatuspageDocuments } from '../../../api/publish/formats/statuspage/index.ts';
import { MAINTENANCES, MODEL, NOW, PAGE } from './fixture.ts';

/** The key lists, copied from shared/docs/statuspage-v2.md rather than imported from the mapper. */
const PAGE_KEYS = ['id', 'name', 'url', 'time_zone', 'updated_at'];
const STATUS_KEYS = ['indicator', 'description'];
const COMPONENT_KEYS = [
  'id',
  'name',
  'status',
  'created_at',
  'updated_at',
  'position',
  'description',
  'showcase',
  'start_date',
  'group_id',
  'page_id',
  'group',
  'only_show_if_degraded',
];
const GROUP_KEYS = [...COMPONENT_KEYS, 'components'];
const INCIDENT_KEYS = [
  'id',
  'name',
  'status',
  'created_at',
  'updated_at',
  'monitoring_at',
  'resolved_at',
  'impact',
  'shortlink',
  'started_at',
  'page_id',
  'incident_updates',
  'components',
];
const UPDATE_KEYS = [
  'id',
  'status',
  'body',
  'incident_id',
  'created_at',
  'updated_at',
  'display_at',
  'affected_components',
  'deliver_notifications',
  'custom_tweet',
  'tweet_id',
];
const AFFECTED_KEYS = ['code', 'name', 'old_status', 'new_status'];
const MAINTENANCE_KEYS = [...INCIDENT_KEYS, 'scheduled_for', 'scheduled_until'];

const TOP_LEVEL: Record<string, string[]> = {
  '/api/v2/summary.json': ['page', 'status', 'components', 'incidents', 'scheduled_maintenances'],
  '/api/v2/status.json': ['page', 'status'],
  '/api/v2/components.json': ['page', 'components'],
  '/api/v2/incidents.json': ['page', 'incidents'],
  '/api/v2/incidents/unresolved.json': ['page', 'incidents'],
  '/api/v2/scheduled-maintenances.json': ['page', 'scheduled_maintenances'],
  '/api/v2/scheduled-maintenances/upcoming.json': ['page', 'scheduled_maintenances'],
  '/api/v2/scheduled-maintenances/active.json': ['page', 'scheduled_maintenances'],
};

const sorted = (o: object) => Object.keys(o).sort();
const documents = buildStatuspageDocuments(MODEL, PAGE, MAINTENANCES, NOW);
const summary = documents['/api/v2/summary.json'];
const allIncidents = documents['/api/v2/incidents.json'].incidents;
const allMaintenances = documents['/api/v2/scheduled-maintenances.json'].scheduled_maintenances;

function expectComponent(c: object & { group: boolean }) {
  expect(sorted(c)).toEqual([...(c.group ? GROUP_KEYS : COMPONENT_KEYS)].sort());
}

describe('the keys a strict Statuspage reader sees', () => {
  it('answers all eight endpoints and nothing else', () => {
    expect(Object.keys(documents).sort()).toEqual(Object.keys(TOP_LEVEL).sort());
  });

  for (const [path, keys] of Object.entries(TOP_LEVEL)) {
    it(`gives ${path} exactly its top-level keys`, () => {
      expect(sorted(documents[path as keyof typeof documents])).toEqual([...keys].sort());
    });
  }

  it('gives the page and the status exactly their keys', () => {
    expect(sorted(summary.page)).toEqual([...PAGE_KEYS].sort());
    expect(sorted(summary.status)).toEqual([...STATUS_KEYS].sort());
  });

  it('adds nothing to a component, wherever it appears, and gives group rows only their member list on top', () => {
    const everywhere = [
      ...summary.components,
      ...allIncidents.flatMap((i) => i.components),
      ...allMaintenances.flatMap((m) => m.components),
    ];
    expect(everywhere.length).toBeGreaterThan(summary.components.length);
    for (const c of everywhere) expectComponent(c);
  });

  it('gives incidents, their updates and affected components exactly their keys', () => {
    for (const incident of allIncidents) {
      expect(sorted(incident)).toEqual([...INCIDENT_KEYS].sort());
      for (const u of incident.incident_updates) {
        expect(sorted(u)).toEqual([...UPDATE_KEYS].sort());
        for (const a of u.affected_components ?? []) expect(sorted(a)).toEqual([...AFFECTED_KEYS].sort());
      }
    }
  });

  it('gives scheduled maintenances every incident key plus their window, and updates the same keys as incidents', () => {
    expect(allMaintenances).toHaveLength(MAINTENANCES.length);
    for (const m of allMaintenances) {
      expect(sorted(m)).toEqual([...MAINTENANCE_KEYS].sort());
      for (const u of m.incident_updates) expect(sorted(u)).toEqual([...UPDATE_KEYS].sort());
    }
  });

  it('never writes a camelCase key, which would be an internal name leaking out', () => {
    const keys: string[] = [];
    JSON.stringify(documents, (key, value) => (keys.push(key), value));
    expect(keys.filter((k) => /[A-Z]/.test(k) && !k.startsWith('/api/v2/'))).toEqual([]);
  });
});
