import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STATUSPAGE_PATHS } from '../../api/publish/formats/statuspage/index.ts';
import { EMPTY_MODEL, IN_PROGRESS, NOW, PUBLIC_MODEL, UPCOMING } from '../fixtures/public-model.ts';
import { publishAndServe } from '../support/published-site.ts';
import { HOSTILE, UNRESOLVED } from '../unit/statuspage/fixture.ts';

const COMPONENT_KEYS = [
  'created_at',
  'description',
  'group',
  'group_id',
  'id',
  'name',
  'only_show_if_degraded',
  'page_id',
  'position',
  'showcase',
  'start_date',
  'status',
  'updated_at',
];
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

// Needs the built site (`astro build`): pages are published alongside the documents.
describe('the /api/v2 documents, published and served by the static server', () => {
  let site: Awaited<ReturnType<typeof publishAndServe>>;
  let model = PUBLIC_MODEL;
  let clock = NOW;
  beforeAll(async () => {
    site = await publishAndServe({ model: () => model, now: () => clock });
  });
  afterAll(() => site.close());

  const getJson = async (path: string) => JSON.parse((await site.fetchRaw(path)).body.toString('utf8'));

  it('serves all eight endpoints as application/json with CORS open to any origin', async () => {
    for (const path of STATUSPAGE_PATHS) {
      const res = await site.fetchRaw(path, { headers: { Origin: 'https://portal.customer.example' } });
      expect(res.status, path).toBe(200);
      expect(res.headers['content-type'], path).toBe('application/json');
      expect(res.headers['access-control-allow-origin'], path).toBe('*');
      expect(Object.keys(JSON.parse(res.body.toString())), path).toContain('page');
    }
  });

  it('answers HEAD exactly like GET, without a body', async () => {
    for (const path of STATUSPAGE_PATHS) {
      const [get, head] = await Promise.all([site.fetchRaw(path), site.fetchRaw(path, { method: 'HEAD' })]);
      expect(head.status, path).toBe(200);
      expect(head.body.length, path).toBe(0);
      for (const h of [
        'content-type',
        'content-length',
        'etag',
        'last-modified',
        'cache-control',
        'access-control-allow-origin',
      ])
        expect(head.headers[h], `${path} ${h}`).toBe(get.headers[h]);
    }
  });

  it('ignores query parameters rather than rejecting them', async () => {
    const plain = await site.fetchRaw('/api/v2/summary.json');
    for (const query of ['?callback=evil', '?api_key=x&t=1700000000', '?a[]=1', '?']) {
      const res = await site.fetchRaw(`/api/v2/summary.json${query}`);
      expect(res.status, query).toBe(200);
      expect(res.body.equals(plain.body), query).toBe(true);
      expect(res.headers['access-control-allow-origin'], query).toBe('*');
    }
  });

  it('carries all five summary keys, with empty arrays, on a page with nothing on it', async () => {
    model = EMPTY_MODEL;
    await site.publisher.publishAll();
    try {
      const summary = await getJson('/api/v2/summary.json');
      expect(Object.keys(summary)).toEqual(['page', 'status', 'components', 'incidents', 'scheduled_maintenances']);
      expect(summary.components).toEqual([]);
      expect(summary.incidents).toEqual([]);
      expect(summary.scheduled_maintenances).toEqual([]);
      expect(summary.status).toEqual({ indicator: 'none', description: 'All Systems Operational' });
    } finally {
      model = PUBLIC_MODEL;
      await site.publisher.publishAll();
    }
  });

  it('writes every timestamp with the +09:00 offset and lists incidents and updates newest first', async () => {
    const incidents = (await getJson('/api/v2/incidents.json')).incidents as Array<{
      created_at: string;
      incident_updates: Array<{ created_at: string }>;
    }>;
    const stamps: string[] = [];
    JSON.parse((await site.fetchRaw('/api/v2/summary.json')).body.toString(), (key, value) => {
      if (TIMESTAMP_KEYS.has(key) && value !== null) stamps.push(value);
      return value;
    });
    expect(stamps.length).toBeGreaterThan(10);
    for (const s of stamps) expect(s).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+09:00$/);
    const times = (xs: Array<{ created_at: string }>) => xs.map((x) => Date.parse(x.created_at));
    expect(times(incidents)).toEqual(times(incidents).sort((a, b) => b - a));
    for (const i of incidents)
      expect(times(i.incident_updates)).toEqual(times(i.incident_updates).sort((a, b) => b - a));
  });

  it('gives every component row exactly the contract’s keys (group rows add their member list)', async () => {
    const { components } = await getJson('/api/v2/components.json');
    expect(components.length).toBeGreaterThan(0);
    for (const c of components)
      expect(Object.keys(c).sort()).toEqual(c.group ? [...COMPONENT_KEYS, 'components'].sort() : COMPONENT_KEYS);
  });

  it('escapes <, > and & so hostile text stays inert, and reads back unchanged', async () => {
    const res = await site.fetchRaw('/api/v2/incidents/unresolved.json');
    const raw = res.body.toString('utf8');
    expect(raw).not.toMatch(/[<>&]/);
    expect(raw).toContain('\\u003cimg src=x onerror=alert(1)\\u003e');
    expect(JSON.parse(raw).incidents[0].name).toBe(UNRESOLVED.name);
    expect(UNRESOLVED.name).toContain(HOSTILE.html);
  });

  it('lists upcoming and in-progress maintenance from the maintenance model, without cancelled ones or Shirase-only text', async () => {
    const ids = async (path: string) => (await getJson(path)).scheduled_maintenances.map((m: { id: string }) => m.id);
    expect(await ids('/api/v2/scheduled-maintenances/upcoming.json')).toEqual([UPCOMING.id]);
    expect(await ids('/api/v2/scheduled-maintenances/active.json')).toEqual([IN_PROGRESS.id]);
    expect(await ids('/api/v2/summary.json')).toEqual([UPCOMING.id, IN_PROGRESS.id]);
    expect(await ids('/api/v2/scheduled-maintenances.json')).not.toContain('mnt_cancelled');
    for (const path of STATUSPAGE_PATHS)
      expect((await site.fetchRaw(path)).body.toString(), path).not.toContain('SHIRASE-ONLY');
  });

  it('is cacheable by a CDN: short max-age, stale-while-revalidate and stale-if-error, a strong ETag and Last-Modified', async () => {
    for (const path of [...STATUSPAGE_PATHS, '/history.atom', '/badge.svg', '/embed/status.html']) {
      const res = await site.fetchRaw(path);
      const cc = String(res.headers['cache-control']);
      expect(cc, path).toMatch(/^public, /);
      expect(Number(/max-age=(\d+)/.exec(cc)?.[1]), path).toBeLessThanOrEqual(60);
      expect(cc, path).toMatch(/stale-while-revalidate=\d+/);
      expect(cc, path).toMatch(/stale-if-error=\d+/);
      expect(res.headers.etag, path).toMatch(/^"[\w-]+"$/);
      expect(Date.parse(String(res.headers['last-modified'])), path).not.toBeNaN();
    }
  });

  it('answers a matching If-None-Match with 304 (keeping CORS and validators) and serves stored brotli and gzip', async () => {
    const path = '/api/v2/summary.json';
    const br = await site.fetchRaw(path, { headers: { 'Accept-Encoding': 'gzip, deflate, br' } });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers.vary).toBe('Accept-Encoding');
    const gz = await site.fetchRaw(path, { headers: { 'Accept-Encoding': 'gzip' } });
    expect(gz.headers['content-encoding']).toBe('gzip');
    const { brotliDecompressSync, gunzipSync } = await import('node:zlib');
    const plain = (await site.fetchRaw(path)).body;
    expect(brotliDecompressSync(br.body).equals(plain)).toBe(true);
    expect(gunzipSync(gz.body).equals(plain)).toBe(true);
    for (const etag of [String(br.headers.etag), String(gz.headers.etag)]) {
      const again = await site.fetchRaw(`${path}?cache-buster=1`, {
        headers: { 'If-None-Match': etag, 'Accept-Encoding': 'br' },
      });
      expect(again.status).toBe(304);
      expect(again.body.length).toBe(0);
      expect(again.headers['access-control-allow-origin']).toBe('*');
      expect(again.headers['cache-control']).toBe(br.headers['cache-control']);
    }
    expect((await site.fetchRaw(path, { headers: { 'If-None-Match': '"something-else"' } })).status).toBe(200);
  });

  it('keeps the ETag and Last-Modified of a document whose bytes a republish does not change', async () => {
    const before = await site.fetchRaw('/api/v2/components.json');
    clock = new Date(NOW.getTime() + 10 * 60_000);
    try {
      await site.publisher.publishAll();
    } finally {
      clock = NOW;
    }
    const after = await site.fetchRaw('/api/v2/components.json');
    expect(after.headers.etag).toBe(before.headers.etag);
    expect(after.headers['last-modified']).toBe(before.headers['last-modified']);
  });
});
