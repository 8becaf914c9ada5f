import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setClock } from '../support/clock.ts';
import { freePort, operatorApi, waitFor } from '../support/http.ts';
import { startServer } from '../support/server.ts';
import { parseMetrics } from './metrics-parse.ts';

const METRICS_TOKEN = 'metrics-token-0123456789abcdef';
const START = '2026-11-28T10:00:00+09:00';

/** One URL of each kind the request metrics tell apart (api/metrics/route-kind.ts). */
const ONE_OF_EACH_KIND = {
  page: '/',
  status_json: '/api/v2/summary.json',
  feed: '/history.atom',
  calendar: '/calendars/maintenance.ics',
  badge: '/badge.svg',
  embed: '/embed/status.html',
  asset: '/favicon.svg',
  api: '/api/v1/components',
  console: '/admin/',
  subscription: '/subscription/',
  other: '/no-such-page',
} as const;

// The production entry with DATA_DIR on disk: the serving thread answers and counts the public URLs.
// Needs the built site (`astro build`).
describe('health and metrics on the real server', () => {
  let dataDir: string;
  let server: Awaited<ReturnType<typeof startServer>>;
  let base: string;
  const api = operatorApi(() => base);
  const scrape = async () => {
    const res = await fetch(`${base}/metrics`, { headers: { Authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(res.status).toBe(200);
    return parseMetrics(await res.text());
  };

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'shirase-metrics-'));
    server = await startServer(
      {
        DATA_DIR: dataDir,
        METRICS_TOKEN,
        WEBHOOK_ALLOW_PRIVATE: '1',
        // An incident that promised nothing falls due a day on: only the promised update is late here.
        UPDATE_INTERVAL_MINUTES: '1440',
      },
      { clock: START, until: 'listening' },
    );
    base = server.url;
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('is alive at once, ready only once the database is up and the site published, never cached', async () => {
    const early = await fetch(`${base}/readyz`);
    expect(early.status).toBe(503);
    expect(await early.json()).toMatchObject({ status: 'not_ready', published: false });
    const health = await fetch(`${base}/healthz`);
    expect(health.status).toBe(200);
    expect(health.headers.get('cache-control')).toBe('no-store');
    const ready = await waitFor(async () => {
      const res = await fetch(`${base}/readyz`);
      expect(res.status).toBe(200);
      return res;
    }, 30_000);
    expect(ready.headers.get('cache-control')).toBe('no-store');
    expect(await ready.json()).toEqual({ status: 'ready', database: 'ok', published: true });
  }, 40_000);

  it('asks for METRICS_TOKEN, and answers Prometheus text that counts every kind of request', async () => {
    expect((await fetch(`${base}/metrics`)).status).toBe(401);
    const wrong = await fetch(`${base}/metrics`, { headers: { Authorization: 'Bearer not-the-token-at-all' } });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('www-authenticate')).toMatch(/^Bearer/);
    const res = await fetch(`${base}/metrics`, { headers: { Authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(res.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('no-store');
    const before = parseMetrics(await res.text());
    for (const name of [
      'shirase_http_requests_total',
      'shirase_http_request_duration_seconds',
      'shirase_publish_duration_seconds',
      'shirase_publishes_total',
      'shirase_publish_last_files',
      'shirase_publish_last_changed_files',
      'shirase_publish_last_changed_bytes',
      'shirase_notification_queue_depth',
      'shirase_notification_failed_deliveries',
      'shirase_incident_updates_overdue',
      'process_resident_memory_bytes',
    ])
      expect(before.has(name), name).toBe(true);
    // No mirror is configured: no sample says anything of it. The daily backup has not run yet.
    const mirror = before.names().filter((n) => n.includes('mirror'));
    expect(mirror.filter((n) => before.family(n).metrics.length > 0)).toEqual([]);
    expect(before.family('shirase_backup_age_seconds').metrics[0]?.value).toBe('+Inf');
    expect(before.value('shirase_backup_generations')).toBe(0);

    for (const url of Object.values(ONE_OF_EACH_KIND)) await (await fetch(base + url, { redirect: 'manual' })).text();
    const after = await scrape();
    for (const [kind, url] of Object.entries(ONE_OF_EACH_KIND)) {
      const count = (m: typeof after) =>
        ['2xx', '3xx', '4xx', '5xx'].reduce((n, code) => n + m.value('shirase_http_requests_total', { kind, code }), 0);
      expect(count(after) - count(before), `${kind} (${url})`).toBe(1);
    }
    const pages = after.value('shirase_http_requests_total', { kind: 'page', code: '2xx' });
    expect(after.raw('shirase_http_request_duration_seconds_count{kind="page",code="2xx"}')).toBe(pages);
    expect(after.raw('shirase_http_request_duration_seconds_bucket{kind="page",code="2xx",le="+Inf"}')).toBe(pages);
  });

  it('observes a publish, and the webhook delivery waiting after its endpoint refused it', async () => {
    const before = await scrape();
    const deadPort = await freePort();
    await api.create('/api/v1/webhooks', { url: `http://127.0.0.1:${deadPort}/hook` });
    await api.create('/api/v1/incidents', { name: 'メトリクス確認', body: '調査中' });
    const delivery = await waitFor(async () => {
      const { body } = await api.get<{ deliveries: Array<{ channel: string; status: string; attempts: number }> }>(
        '/api/v1/deliveries',
      );
      // Tried, refused, and waiting for its next attempt.
      const tried = body.deliveries.find((d) => d.channel === 'webhook' && d.attempts > 0 && d.status === 'pending');
      expect(tried).toBeDefined();
      return tried!;
    }, 20_000);
    expect(delivery.attempts).toBe(1);
    const after = await waitFor(async () => {
      const m = await scrape();
      expect(m.value('shirase_publishes_total', { outcome: 'published' })).toBeGreaterThan(
        before.value('shirase_publishes_total', { outcome: 'published' }),
      );
      return m;
    });
    expect(after.value('shirase_notification_queue_depth', { channel: 'webhook' })).toBe(1);
    const published = after.histogram('shirase_publish_duration_seconds');
    expect(published.count).toBeGreaterThan(before.histogram('shirase_publish_duration_seconds').count);
    expect(published.sum).toBeGreaterThan(0);
    expect(after.value('shirase_publish_last_changed_files')).toBeGreaterThan(0);
    expect(after.value('shirase_publish_last_changed_bytes')).toBeGreaterThan(0);
  }, 30_000);

  it('counts an incident whose promised update is past, by the server clock', async () => {
    await api.create('/api/v1/incidents', {
      name: '更新予告の確認',
      body: '調査中',
      next_update_at: '2026-11-28T10:30:00+09:00',
    });
    expect((await scrape()).value('shirase_incident_updates_overdue')).toBe(0);
    await setClock(base, '2026-11-28T11:00:00+09:00');
    expect((await scrape()).value('shirase_incident_updates_overdue')).toBe(1);
  });
});

// DATA_DIR=memory: one thread listens, serves and answers everything, /healthz included.
describe('health and metrics with everything on one thread', () => {
  it('answers the probes and counts the pages it serves', async () => {
    const server = await startServer({ METRICS_TOKEN });
    try {
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
      expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
      await (await fetch(`${server.url}/`)).text();
      const res = await fetch(`${server.url}/metrics`, { headers: { Authorization: `Bearer ${METRICS_TOKEN}` } });
      const m = parseMetrics(await res.text());
      expect(m.value('shirase_http_requests_total', { kind: 'page', code: '2xx' })).toBe(1);
      expect(m.value('shirase_http_requests_total', { kind: 'monitoring', code: '2xx' })).toBe(2);
      expect(m.histogram('shirase_publish_duration_seconds').count).toBeGreaterThan(0);
    } finally {
      await server.stop();
    }
  }, 60_000);
});
