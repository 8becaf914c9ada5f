import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ShiraseData } from '../../api/data/format.ts';
import { detectStatuspage, fromStatuspage, type StatuspageOptions } from '../../api/data/statuspage/index.ts';

const saved = (name: string) =>
  readFileSync(new URL(`../fixtures/statuspage-import/${name}.json`, import.meta.url), 'utf8');
const fixture = (name: string) => JSON.parse(saved(name));

const INCIDENTS = fixture('incidents');
const COMPONENTS = fixture('components');
const MAINTENANCES = fixture('scheduled-maintenances');
const NOW = new Date('2026-12-01T12:00:00+09:00');

const convert = (json: unknown, options: Partial<StatuspageOptions> = {}) =>
  fromStatuspage(json, { now: NOW, ...options });
const incident = (data: ShiraseData, id: string) => data.incidents.find((i) => i.id === id)!;
const component = (data: ShiraseData, id: string) => data.components.find((c) => c.id === id)!;
const instantOf = (s: string) => new Date(s).getTime();

describe('recognising a Statuspage file by its shape', () => {
  it('knows incidents.json, scheduled-maintenances.json and components.json as saved from a page', () => {
    expect(detectStatuspage(INCIDENTS)).toBe('incidents');
    expect(detectStatuspage(MAINTENANCES)).toBe('scheduled_maintenances');
    expect(detectStatuspage(COMPONENTS)).toBe('components');
  });

  it('knows summary.json, and a bare { "incidents": [...] } without the page object', () => {
    const summary = {
      page: INCIDENTS.page,
      status: { indicator: 'minor', description: 'Minor Service Outage' },
      components: COMPONENTS.components,
      incidents: INCIDENTS.incidents.slice(0, 1),
      scheduled_maintenances: [],
    };
    expect(detectStatuspage(summary)).toBe('summary');
    expect(detectStatuspage({ incidents: INCIDENTS.incidents })).toBe('incidents');
    expect(detectStatuspage({ incidents: [] })).toBe('incidents');
  });

  it('leaves a Shirase data file to the Shirase importer, even one that holds the same arrays', () => {
    const shirase = convert(INCIDENTS);
    expect(detectStatuspage(shirase)).toBeNull();
    const { format: _, ...unlabelled } = shirase;
    expect(detectStatuspage(unlabelled)).toBeNull();
  });

  it('recognises nothing in garbage', () => {
    for (const garbage of [null, 42, 'incidents', [], [INCIDENTS], {}, { incidents: 'many' }, { page: {} }])
      expect(detectStatuspage(garbage)).toBeNull();
  });
});

describe('Statuspage incidents as Shirase incidents', () => {
  const data = convert(INCIDENTS);

  it('keeps every incident under its Statuspage id, with its name, impact and times', () => {
    expect(data.incidents.map((i) => i.id)).toEqual(INCIDENTS.incidents.map((i: { id: string }) => i.id));
    const outage = incident(data, 's2v6h9b4n8dk');
    expect(outage).toMatchObject({ name: 'REST API outage', impact: 'critical' });
    expect(instantOf(outage.detected_at)).toBe(instantOf('2026-11-05T14:15:00.000+09:00'));
    expect(instantOf(outage.created_at)).toBe(instantOf('2026-11-05T14:22:09.771+09:00'));
    expect(instantOf(outage.updated_at)).toBe(instantOf('2026-11-08T18:00:00.000+09:00'));
  });

  it('keeps each post oldest first with its id, status, body, time and display time', () => {
    const outage = incident(data, 's2v6h9b4n8dk');
    expect(outage.updates.map((u) => u.status)).toEqual([
      'investigating',
      'identified',
      'monitoring',
      'resolved',
      'postmortem',
    ]);
    expect(outage.updates[0]).toMatchObject({
      id: 'g8h5j2k9l6zx',
      body: 'We are seeing elevated error rates on the REST API and are investigating.',
    });
    expect(outage.updates[4]!.body).toContain('## Root cause');
    const backfilled = incident(data, 'w7c2p5x9h3ln').updates[0]!;
    expect(instantOf(backfilled.created_at)).toBe(instantOf('2026-09-12T16:40:00.000+09:00'));
    expect(instantOf(backfilled.display_at)).toBe(instantOf('2026-09-12T15:10:00.000+09:00'));
  });

  it('turns affected_components into the status each post set, by component id', () => {
    const outage = incident(data, 's2v6h9b4n8dk');
    expect(outage.updates.map((u) => u.components)).toEqual([
      { f2r9c4k7m0sv: 'major_outage', h6j1y8d3p5ne: 'partial_outage' },
      {},
      { f2r9c4k7m0sv: 'degraded_performance' },
      { f2r9c4k7m0sv: 'operational', h6j1y8d3p5ne: 'operational' },
      {},
    ]);
  });

  it('names a component the incident lists but no post set on its first post, as operational', () => {
    expect(incident(data, 'w7c2p5x9h3ln').updates[0]!.components).toEqual({ z7e3s6g0c8wk: 'operational' });
  });

  it('holds every component the incidents name, a deleted one by the id and name its posts give', () => {
    expect(component(data, 'h6j1y8d3p5ne')).toMatchObject({ name: 'Webhooks', status: 'degraded_performance' });
    const deleted = component(data, 'd4g8l2s6v0jx');
    expect(deleted).toMatchObject({ name: 'Reports (legacy)', group_id: null });
    expect(instantOf(deleted.created_at)).toBe(instantOf('2026-09-30T15:14:26.381+09:00'));
    // The group of REST API is not in incidents.json: the component is held without it.
    expect(component(data, 'f2r9c4k7m0sv').group_id).toBeNull();
    expect(data.component_groups).toEqual([]);
  });

  it('keeps the instant whatever offset the page wrote it in', () => {
    const [first] = structuredClone(INCIDENTS.incidents) as Array<Record<string, unknown>>;
    const updates = first!.incident_updates as Array<Record<string, unknown>>;
    updates[1]!.created_at = '2026-11-29T16:12:44.318-08:00';
    updates[1]!.display_at = '2026-11-30T00:12:44.318Z';
    const [converted] = convert({ incidents: [first] }).incidents;
    expect(instantOf(converted!.updates[0]!.created_at)).toBe(instantOf('2026-11-30T09:12:44.318+09:00'));
    expect(instantOf(converted!.updates[0]!.display_at)).toBe(instantOf('2026-11-30T09:12:44.318+09:00'));
  });

  it('orders two posts of the same millisecond as the page listed them, newest first', () => {
    const [first] = structuredClone(INCIDENTS.incidents) as Array<Record<string, unknown>>;
    const [identified, investigating] = first!.incident_updates as Array<Record<string, unknown>>;
    identified!.created_at = investigating!.created_at;
    const [converted] = convert({ incidents: [first] }).incidents;
    expect(converted!.updates.map((u) => u.status)).toEqual(['investigating', 'identified']);
  });

  it('takes a detection time later than the first post as the first post', () => {
    const [first] = structuredClone(INCIDENTS.incidents) as Array<Record<string, unknown>>;
    first!.started_at = '2026-11-30T10:00:00.000+09:00';
    const [converted] = convert({ incidents: [first] }).incidents;
    expect(instantOf(converted!.detected_at)).toBe(instantOf('2026-11-30T09:12:44.318+09:00'));
  });
});

describe('the language of imported text', () => {
  it('reads each record its own language: a Japanese incident stays Japanese only, an English one fills both sides', () => {
    const data = convert(INCIDENTS);
    const japanese = incident(data, 'j5t0q7m3c9wx');
    expect(japanese).toMatchObject({ name: '管理画面にログインできない障害', name_en: null });
    expect(japanese.updates.every((u) => u.body_en === null)).toBe(true);
    const english = incident(data, 'a0n5f8j2r6kc');
    expect(english).toMatchObject({ name: 'Increased API latency', name_en: 'Increased API latency' });
    expect(english.updates.every((u) => u.body_en === u.body)).toBe(true);
  });

  it('takes Japanese prose naming an English product as Japanese', () => {
    const [first] = structuredClone(INCIDENTS.incidents) as Array<Record<string, unknown>>;
    first!.name = 'REST API Webhooks の配信遅延';
    for (const u of first!.incident_updates as Array<Record<string, unknown>>)
      u.body = 'Webhooks の配信が遅れています。REST API には影響ありません。';
    expect(convert({ incidents: [first] }).incidents[0]!.name_en).toBeNull();
  });

  it('follows the language given instead, for every record', () => {
    const asJapanese = convert(INCIDENTS, { language: 'ja' });
    expect(asJapanese.incidents.every((i) => i.name_en === null)).toBe(true);
    expect(asJapanese.components.every((c) => c.name_en === null)).toBe(true);
    const asEnglish = convert(INCIDENTS, { language: 'en' });
    expect(incident(asEnglish, 'j5t0q7m3c9wx').name_en).toBe('管理画面にログインできない障害');
  });
});

describe('Statuspage components as Shirase components and groups', () => {
  const data = convert(COMPONENTS);

  it('makes group rows groups and keeps each member in its group, with position, description and start date', () => {
    expect(data.component_groups).toEqual([
      expect.objectContaining({ id: 'gk2m7p4x9a1d', name: 'Core Platform', position: 1 }),
    ]);
    expect(component(data, 't8w3n6q1z5hb')).toMatchObject({
      group_id: 'gk2m7p4x9a1d',
      name: 'Web Dashboard',
      description: 'Sign-in and the management console',
      description_en: 'Sign-in and the management console',
      position: 2,
      showcase: true,
    });
    expect(component(data, 'z7e3s6g0c8wk')).toMatchObject({ group_id: null, start_date: '2024-04-01' });
    expect(data.components.map((c) => c.id)).not.toContain('gk2m7p4x9a1d');
  });

  it('keeps a status set by hand, but not "under maintenance", which ours derives from the maintenance windows', () => {
    expect(component(data, 'h6j1y8d3p5ne').status).toBe('degraded_performance');
    const rows = structuredClone(COMPONENTS.components) as Array<Record<string, unknown>>;
    rows[2]!.status = 'under_maintenance';
    rows[2]!.description = '';
    expect(component(convert({ components: rows }), 'f2r9c4k7m0sv')).toMatchObject({
      status: 'operational',
      description: null,
    });
  });
});

describe('a summary.json', () => {
  it('brings the page list, its incidents and its maintenance at once, each component as the page lists it', () => {
    const maintenances = structuredClone(MAINTENANCES.scheduled_maintenances);
    // A copy as it was when the maintenance was last changed: the page's list is the newer word.
    Object.assign(maintenances[1].components[0], { name: 'REST API (v1)', position: 9, description: 'Old' });
    const summary = {
      page: INCIDENTS.page,
      status: { indicator: 'minor', description: 'Minor Service Outage' },
      components: COMPONENTS.components,
      incidents: INCIDENTS.incidents.slice(0, 1),
      scheduled_maintenances: maintenances,
    };
    const data = convert(summary);
    expect(data.component_groups.map((g) => g.id)).toEqual(['gk2m7p4x9a1d']);
    expect(data.incidents.map((i) => i.id)).toEqual(['n3p8w2k6x4qr']);
    expect(data.maintenances.map((m) => m.id)).toEqual(['g8s2k6w0b4te', 'y3h7d1m5p9qz']);
    expect(component(data, 'f2r9c4k7m0sv')).toMatchObject({
      name: 'REST API',
      group_id: 'gk2m7p4x9a1d',
      position: 3,
      description: null,
    });
    expect(data.components).toHaveLength(5);
  });
});

describe('Statuspage scheduled maintenance as Shirase maintenance', () => {
  const data = convert(MAINTENANCES);
  const completed = data.maintenances.find((m) => m.id === 'y3h7d1m5p9qz')!;

  it('takes the scheduled post as the announcement and the later posts as posts', () => {
    expect(completed).toMatchObject({
      title: 'Database maintenance',
      body: expect.stringContaining('upgrade our primary database cluster'),
      components: ['f2r9c4k7m0sv', 'h6j1y8d3p5ne'],
    });
    expect(instantOf(completed.announced_at)).toBe(instantOf('2026-11-01T12:00:00.000+09:00'));
    expect(completed.updates.map((u) => [u.id, u.status])).toEqual([
      ['n4m1b8v5c2xk', 'in_progress'],
      ['w6q3a0s7d4fv', 'verifying'],
      ['e1r8t5y2u9ic', 'completed'],
    ]);
  });

  it('keeps the window, and when work began, was checked and finished early, from the posts', () => {
    expect(instantOf(completed.scheduled_for)).toBe(instantOf('2026-11-15T02:00:00+09:00'));
    expect(instantOf(completed.scheduled_until)).toBe(instantOf('2026-11-15T04:00:00+09:00'));
    expect(instantOf(completed.started_at!)).toBe(instantOf('2026-11-15T02:00:01.204+09:00'));
    expect(instantOf(completed.verifying_at!)).toBe(instantOf('2026-11-15T03:20:00.118+09:00'));
    expect(instantOf(completed.finished_at!)).toBe(instantOf('2026-11-15T03:41:09.330+09:00'));
    expect(completed.extended_until).toBeNull();
  });

  it('extends the window to a completion past its end', () => {
    const [, late] = structuredClone(MAINTENANCES.scheduled_maintenances) as Array<Record<string, unknown>>;
    late!.scheduled_until = '2026-11-15T03:00:00.000+09:00';
    const [m] = convert({ scheduled_maintenances: [late] }).maintenances;
    expect(m!.finished_at).toBeNull();
    expect(instantOf(m!.extended_until!)).toBe(instantOf('2026-11-15T03:41:09.330+09:00'));
  });

  it('ends one the page calls completed without a completed post when it was resolved, else last changed', () => {
    const [, quiet] = structuredClone(MAINTENANCES.scheduled_maintenances) as Array<Record<string, unknown>>;
    quiet!.incident_updates = (quiet!.incident_updates as Array<{ status: string }>).filter(
      (u) => u.status !== 'completed',
    );
    quiet!.updated_at = '2026-11-15T03:50:00.000+09:00';
    const [resolved] = convert({ scheduled_maintenances: [quiet] }).maintenances;
    expect(instantOf(resolved!.finished_at!)).toBe(instantOf('2026-11-15T03:41:09.330+09:00'));
    quiet!.resolved_at = null;
    const [changed] = convert({ scheduled_maintenances: [quiet] }).maintenances;
    expect(instantOf(changed!.finished_at!)).toBe(instantOf('2026-11-15T03:50:00.000+09:00'));
  });

  it('leaves an upcoming one without marks, in its own language', () => {
    const upcoming = data.maintenances.find((m) => m.id === 'g8s2k6w0b4te')!;
    expect(upcoming).toMatchObject({
      title: '請求システムのメンテナンス',
      title_en: null,
      started_at: null,
      finished_at: null,
      updates: [],
      components: ['z7e3s6g0c8wk'],
    });
  });
});

describe('a Statuspage file that cannot be imported', () => {
  const refusal = (json: unknown): string => {
    try {
      convert(json);
    } catch (err) {
      return (err as Error).message;
    }
    throw new Error('the file was accepted');
  };
  type Post = { status: string; body: string; affected_components: { code: string }[] };
  type Damaged = { name: string; created_at: string; incident_updates: Post[] };
  const damaged = (change: (incidents: Damaged[]) => void) => {
    const incidents = structuredClone(INCIDENTS.incidents);
    change(incidents);
    return { incidents };
  };

  it('names the place of a status Statuspage does not have', () => {
    expect(refusal(damaged((i) => (i[2]!.incident_updates[0]!.status = 'fixed')))).toMatch(
      /^incidents\[2\]\.incident_updates\[0\]\.status: /,
    );
  });

  it('refuses text the API would refuse, by its place: a control character, a bidi override, an over-long name', () => {
    expect(refusal(damaged((i) => (i[1]!.incident_updates[3]!.body = 'before\u0007after')))).toMatch(
      /^incidents\[1\]\.incident_updates\[3\]\.body: /,
    );
    expect(refusal(damaged((i) => (i[0]!.name = 'Delayed \u202Esreviled')))).toMatch(/^incidents\[0\]\.name: /);
    expect(refusal(damaged((i) => (i[4]!.name = 'x'.repeat(201))))).toMatch(/^incidents\[4\]\.name: .*200/);
  });

  it('keeps literally text the API accepts, markup included', () => {
    const text = '<img src=x onerror=alert(1)> {{7*7}} [x](https://example.com/?a=1&b=2)';
    const data = convert(damaged((i) => (i[0]!.incident_updates[0]!.body = text)));
    expect(data.incidents[0]!.updates.at(-1)!.body).toBe(text);
  });

  it('names an incident without posts, a time without an offset, and a maintenance that ends before it starts', () => {
    expect(refusal(damaged((i) => (i[3]!.incident_updates = [])))).toMatch(/^incidents\[3\]\.incident_updates: /);
    expect(refusal(damaged((i) => (i[0]!.created_at = '2026-11-30T09:12:44')))).toMatch(
      /^incidents\[0\]\.created_at: /,
    );
    const [m] = structuredClone(MAINTENANCES.scheduled_maintenances);
    m.scheduled_until = m.scheduled_for;
    expect(refusal({ scheduled_maintenances: [m] })).toMatch(/^scheduled_maintenances\[0\]\.scheduled_until: /);
  });

  it('refuses an object or an array where Statuspage writes a word, by its place', () => {
    const operator = damaged((i) => {
      (i[0]!.incident_updates[0] as unknown as Record<string, unknown>).status = { $ne: 1 };
      (i[1] as unknown as Record<string, unknown>).name = ['a', 'b'];
    });
    expect(refusal(operator).split('; ')).toEqual([
      expect.stringMatching(/^incidents\[0\]\.incident_updates\[0\]\.status: /),
      expect.stringMatching(/^incidents\[1\]\.name: /),
    ]);
  });

  it('ignores a __proto__ key, as any key Statuspage sends that is not imported', () => {
    const text = saved('incidents').replace(
      '"impact": "minor",',
      '"impact": "minor", "__proto__": { "impact": "critical" },',
    );
    const data = convert(JSON.parse(text));
    expect(incident(data, 'n3p8w2k6x4qr').impact).toBe('minor');
    expect(Object.getPrototypeOf(data.incidents[0])).toBe(Object.prototype);
  });

  it('names an id that is not a Statuspage id', () => {
    expect(refusal(damaged((i) => (i[0]!.incident_updates[1]!.affected_components[0]!.code = '../etc')))).toMatch(
      /^incidents\[0\]\.incident_updates\[1\]\.affected_components\[0\]\.code: /,
    );
  });
});
