import { describe, expect, it } from 'vitest';
import type { IncidentView, SiteModel } from '../../../api/core/model.ts';
import { buildStatuspageDocuments, type MaintenanceInput } from '../../../api/publish/formats/statuspage/index.ts';
import { COMPONENT_STATUSES, INCIDENT_IMPACTS, INCIDENT_STATUSES, INDICATORS } from '../../../api/core/vocab.ts';
import { COMPONENTS, GROUPS, HOSTILE, MAINTENANCES, MODEL, NOW, PAGE, RESOLVED, UNRESOLVED } from './fixture.ts';

const build = (model: SiteModel = MODEL, maintenances: MaintenanceInput[] = MAINTENANCES, now = NOW) =>
  buildStatuspageDocuments(model, PAGE, maintenances, now);
const documents = build();
const summary = documents['/api/v2/summary.json'];
const serialized = JSON.stringify(documents);

const TIMESTAMP_KEYS = new Set([
  'created_at',
  'updated_at',
  'monitoring_at',
  'resolved_at',
  'started_at',
  'display_at',
  'scheduled_for',
  'scheduled_until',
]);
const ISO_WITH_JST_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+09:00$/;
const ms = (iso: string) => new Date(iso).getTime();

describe('what a Statuspage client reads from Shirase', () => {
  it('stamps every time with the page offset +09:00, never a bare local time', () => {
    const stamps: string[] = [];
    JSON.stringify(documents, (key, value) => {
      if (TIMESTAMP_KEYS.has(key) && value !== null) stamps.push(value);
      return value;
    });
    expect(stamps.length).toBeGreaterThan(50);
    for (const s of stamps) expect(s).toMatch(ISO_WITH_JST_OFFSET);
    expect(summary.page.time_zone).toBe('Asia/Tokyo');
  });

  it('lists incidents and each incident’s updates newest first', () => {
    const incidents = documents['/api/v2/incidents.json'].incidents;
    expect(incidents.map((i) => i.id)).toEqual([UNRESOLVED.id, RESOLVED.id]);
    for (const i of incidents) {
      const times = i.incident_updates.map((u) => ms(u.created_at));
      expect(times).toEqual([...times].sort((a, b) => b - a));
    }
  });

  it('uses only Statuspage’s words for every status, impact and indicator', () => {
    expect(INDICATORS).toContain(summary.status.indicator);
    for (const c of summary.components) expect(COMPONENT_STATUSES).toContain(c.status);
    for (const i of documents['/api/v2/incidents.json'].incidents) {
      expect(INCIDENT_STATUSES).toContain(i.status);
      expect(INCIDENT_IMPACTS).toContain(i.impact);
    }
    for (const m of documents['/api/v2/scheduled-maintenances.json'].scheduled_maintenances) {
      expect(['scheduled', 'in_progress', 'verifying', 'completed']).toContain(m.status);
      expect(m.impact).toBe('maintenance');
    }
  });

  it('describes the rollup in Statuspage’s English words, which clients match on', () => {
    expect(summary.status).toEqual({ indicator: 'major', description: 'Partial System Outage' });
    const quiet = build({ ...MODEL, indicator: 'maintenance' });
    expect(quiet['/api/v2/status.json'].status.description).toBe('Service Under Maintenance');
  });

  it('shows a group as a row listing its members, with the worst member status', () => {
    const b2b = summary.components.find((c) => c.id === 'grp_b2b')!;
    expect(b2b).toMatchObject({
      group: true,
      group_id: null,
      status: 'partial_outage',
      components: ['cmp_invoice', 'cmp_contract'],
    });
    const members = summary.components.filter((c) => c.group_id === 'grp_b2b').map((c) => c.id);
    expect(members).toEqual(['cmp_invoice', 'cmp_contract']);
    expect(summary.components.filter((c) => c.group)).toHaveLength(GROUPS.length);
    expect(summary.components.filter((c) => !c.group)).toHaveLength(COMPONENTS.length);
  });

  it('uses the Japanese primary text and lets no English translation leak in', () => {
    expect(summary.components.find((c) => c.id === 'cmp_invoice')!.name).toBe('請求書');
    expect(serialized).not.toContain('EN:');
    expect(serialized).not.toMatch(/nameEn|bodyEn|manualStatus|generatedAt/);
  });

  it('returns hostile text literally: JSON is data, so nothing is rendered, escaped twice or dropped', () => {
    const incident = summary.incidents[0]!;
    expect(incident.name).toBe(UNRESOLVED.name);
    expect(incident.name).toContain(HOSTILE.template);
    expect(incident.incident_updates[0]!.body).toBe(UNRESOLVED.updates[0]!.body);
    expect(JSON.parse(serialized)).toEqual(documents);
  });

  it('links each incident to its page at the origin root, without a doubled slash', () => {
    expect(summary.page.url).toBe('https://status.example.jp');
    expect(summary.incidents[0]!.shortlink).toBe('https://status.example.jp/incidents/inc_invoice_delay');
  });

  it('starts an incident when it was detected, before its first public post', () => {
    const incident = summary.incidents[0]!;
    expect(incident.started_at).toBe('2026-11-28T15:50:00.000+09:00');
    expect(incident.created_at).toBe('2026-11-28T16:05:00.000+09:00');
  });

  it('reports which components an update changed, and null when it changed none', () => {
    const updates = documents['/api/v2/incidents.json'].incidents[1]!.incident_updates;
    expect(updates[0]!.affected_components).toEqual([
      { code: 'cmp_platform_id', name: 'プラットフォームID', old_status: 'major_outage', new_status: 'operational' },
    ]);
    expect(updates[1]!.affected_components).toBeNull();
  });

  it('puts only investigating, identified and monitoring incidents in unresolved.json and the summary', () => {
    const monitoring: IncidentView = { ...RESOLVED, id: 'inc_monitoring', status: 'monitoring', resolvedAt: null };
    const docs = build({ ...MODEL, incidents: [UNRESOLVED, monitoring, RESOLVED] });
    const ids = docs['/api/v2/incidents/unresolved.json'].incidents.map((i) => i.id);
    expect(ids).toEqual([UNRESOLVED.id, 'inc_monitoring']);
    expect(docs['/api/v2/summary.json'].incidents.map((i) => i.id)).toEqual(ids);
  });

  it('lists at most the 50 most recent incidents, newest first', () => {
    const many = Array.from(
      { length: 60 },
      (_, n): IncidentView => ({
        ...RESOLVED,
        id: `inc_${String(60 - n).padStart(2, '0')}`,
        createdAt: new Date(Date.UTC(2026, 0, 60 - n)),
      }),
    );
    const incidents = build({ ...MODEL, incidents: many })['/api/v2/incidents.json'].incidents;
    expect(incidents).toHaveLength(50);
    expect(incidents[0]!.id).toBe('inc_60');
    expect(incidents.at(-1)!.id).toBe('inc_11');
  });

  it('sorts maintenance by window, newest first, with upcoming = scheduled and active = in progress or verifying', () => {
    expect(documents['/api/v2/scheduled-maintenances.json'].scheduled_maintenances.map((m) => m.id)).toEqual([
      'mnt_2026_12',
      'mnt_contract',
      'mnt_order',
      'mnt_2026_10',
    ]);
    expect(documents['/api/v2/scheduled-maintenances/upcoming.json'].scheduled_maintenances.map((m) => m.id)).toEqual([
      'mnt_2026_12',
    ]);
    expect(documents['/api/v2/scheduled-maintenances/active.json'].scheduled_maintenances.map((m) => m.id)).toEqual([
      'mnt_contract',
      'mnt_order',
    ]);
    expect(summary.scheduled_maintenances.map((m) => m.id)).toEqual(['mnt_2026_12', 'mnt_contract', 'mnt_order']);
  });

  it('gives a maintenance its window, and a completed one the time it was reported complete', () => {
    const [done] = documents['/api/v2/scheduled-maintenances.json'].scheduled_maintenances.slice(-1);
    expect(done).toMatchObject({
      status: 'completed',
      scheduled_for: '2026-10-21T02:00:00.000+09:00',
      scheduled_until: '2026-10-21T04:00:00.000+09:00',
      started_at: '2026-10-21T02:00:00.000+09:00',
      resolved_at: '2026-10-21T03:30:00.000+09:00',
      monitoring_at: null,
    });
    expect(done!.incident_updates.map((u) => u.status)).toEqual(['completed', 'in_progress', 'scheduled']);
  });

  it('keeps all five summary keys, as empty arrays, on a page with nothing on it', () => {
    const empty: SiteModel = { ...MODEL, groups: [], components: [], incidents: [], indicator: 'none' };
    const body = build(empty, [])['/api/v2/summary.json'];
    expect(body).toEqual({
      page: expect.any(Object),
      status: { indicator: 'none', description: 'All Systems Operational' },
      components: [],
      incidents: [],
      scheduled_maintenances: [],
    });
  });

  it('moves page.updated_at when a maintenance window starts, though nobody wrote anything', () => {
    const before = new Date('2026-12-15T16:59:59Z');
    const after = new Date('2026-12-15T17:00:00Z');
    // The last write: an incident, updated on 1 December.
    const [latest, ...rest] = MODEL.incidents;
    const quiet = { ...MODEL, incidents: [{ ...latest!, updatedAt: new Date('2026-12-01T00:00:00Z') }, ...rest] };
    expect(build(quiet, MAINTENANCES, before)['/api/v2/status.json'].page.updated_at).toBe(
      '2026-12-01T09:00:00.000+09:00',
    );
    expect(build(quiet, MAINTENANCES, after)['/api/v2/status.json'].page.updated_at).toBe(
      '2026-12-16T02:00:00.000+09:00',
    );
  });

  it('keeps page.updated_at when only a notice (not shown in /api/v2) was written since', () => {
    const before = build(MODEL, [], NOW)['/api/v2/status.json'].page.updated_at;
    // The model's updatedAt counts notices (core/queries/apply-maintenance.ts): a notice posted now.
    const noticed = { ...MODEL, updatedAt: NOW };
    expect(build(noticed, [], NOW)['/api/v2/status.json'].page.updated_at).toBe(before);
  });
});
