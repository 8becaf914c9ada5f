import { request as httpRequest, createServer, type Server } from 'node:http';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createPublisher } from '../../api/publish/publisher.ts';
import { loadAstroRenderer } from '../../api/publish/renderer.ts';
import { FileStore } from '../../api/publish/store.ts';
import { loadSiteModel } from '../../api/core/queries/site-model.ts';
import { serveStatic } from '../../api/server/static.ts';
import { apiFor, json } from '../support/api.ts';
import { describeEachDatabase } from '../support/db.ts';
import { publishLimits, settingsFrom } from '../support/settings.ts';

// Needs the built site (scripts/test.sh runs `astro build` first).
/** A weekday morning in the middle of a month: no day, month or maintenance boundary near. */
const MORNING = new Date('2026-11-24T10:00:00+09:00');

describeEachDatabase('publishing writes as static files', ({ database }) => {
  let server: Server;
  /** The one clock of the API and the publisher, as in production. */
  let now = MORNING;
  let base: string;
  let store: FileStore;
  let publisher: ReturnType<typeof createPublisher>;
  let api: ReturnType<typeof apiFor>;

  beforeAll(async () => {
    store = new FileStore();
    const render = await loadAstroRenderer();
    publisher = createPublisher({
      limits: publishLimits,
      loadModel: (now) => loadSiteModel({ db: database().db, now }),
      render,
      store,
      settings: settingsFrom(),
      now: () => now,
    });
    server = createServer((req, res) => serveStatic(store, req, res));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  afterAll(async () => {
    await new Promise((r) => server.close(r));
  });

  const fetchRaw = (path: string, headers: Record<string, string> = {}) =>
    new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }>(
      (resolve, reject) => {
        httpRequest(`${base}${path}`, { headers }, (res) => {
          const chunks: Buffer[] = [];
          res
            .on('data', (c) => chunks.push(c))
            .on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
        })
          .on('error', reject)
          .end();
      },
    );

  function setNow(at: Date) {
    now = at;
    api.setNow(at);
  }

  async function setUp(at = MORNING) {
    now = at;
    api = apiFor(database(), { now: at });
    const created = await json(api.post('/api/v1/components', { name: '請求書', name_en: 'Invoices' }));
    await publisher.publishAll();
    return created.id as string;
  }

  it('publishes a new incident to the Japanese and English home, detail and embeddable status pages after the write', async () => {
    const componentId = await setUp();
    const before = await fetchRaw('/');
    expect(before.body.toString()).toContain('すべてのサービスは正常に稼働しています');
    const incident = await json(
      api.post('/api/v1/incidents', {
        name: '請求書の遅延',
        name_en: 'Invoices delayed',
        body: '調査中です',
        components: { [componentId]: 'major_outage' },
      }),
    );
    for (const change of api.changes) publisher.notify(change);
    await publisher.idle();
    const home = (await fetchRaw('/')).body.toString();
    expect(home).toContain('請求書の遅延');
    expect(home).toContain('重大な障害');
    expect((await fetchRaw('/en/')).body.toString()).toContain('Invoices delayed');
    const detail = await fetchRaw(`/incidents/${incident.id}/`);
    expect(detail.status).toBe(200);
    expect(detail.body.toString()).toContain('調査中です');
    expect((await fetchRaw(`/en/incidents/${incident.id}/`)).body.toString()).toContain('Invoices delayed');
    const framed = await fetchRaw('/embed/status.html');
    expect(framed.headers['content-security-policy']).toContain('frame-ancestors *');
    expect(framed.body.toString()).toContain(`<a href="/incidents/${incident.id}/" rel="noopener">請求書の遅延</a>`);
    expect((await fetchRaw('/en/embed/status.html')).body.toString()).toContain('Invoices delayed');
  });

  it('keeps serving the last published pages when the database is unreachable, and logs why it could not publish', async () => {
    await setUp();
    const log: string[] = [];
    const failing = createPublisher({
      limits: publishLimits,
      loadModel: async () => {
        throw new Error('connection refused');
      },
      render: await loadAstroRenderer(),
      store,
      settings: settingsFrom(),
      now: () => now,
      log: (line) => log.push(line),
    });
    failing.notify({ kind: 'component', id: 'x' });
    await failing.idle();
    expect(failing.lastError).toBeInstanceOf(Error);
    expect(log.join('\n')).toMatch(/publish failed .*the site keeps its previous files: Error: connection refused/);
    const home = await fetchRaw('/');
    expect(home.status).toBe(200);
    expect(home.body.toString()).toContain('請求書');
  });

  it('answers conditional requests with 304 and serves stored brotli and gzip variants', async () => {
    await setUp();
    const first = await fetchRaw('/', { 'Accept-Encoding': 'gzip, br' });
    expect(first.headers['content-encoding']).toBe('br');
    expect(first.headers.vary).toBe('Accept-Encoding');
    expect(first.headers['cache-control']).toMatch(/max-age=\d+.*stale-while-revalidate/);
    const again = await fetchRaw('/', { 'If-None-Match': String(first.headers.etag), 'Accept-Encoding': 'gzip' });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
    const gz = await fetchRaw('/', { 'Accept-Encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    const plain = await fetchRaw('/');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers['content-type']).toBe('text/html; charset=utf-8');
    const since = await fetchRaw('/', { 'If-Modified-Since': String(plain.headers['last-modified']) });
    expect(since.status).toBe(304);
  });

  it('keeps ETag and Last-Modified when a republish produces the same bytes', async () => {
    await setUp();
    const before = await fetchRaw('/history/');
    // Two seconds on: a new Last-Modified would show, to the second.
    setNow(new Date(MORNING.getTime() + 2000));
    await publisher.publishAll();
    const after = await fetchRaw('/history/');
    expect(after.headers.etag).toBe(before.headers.etag);
    expect(after.headers['last-modified']).toBe(before.headers['last-modified']);
  });

  it('gives the pages a new JST day changes a new ETag and Last-Modified when it begins, and keeps the others', async () => {
    const componentId = await setUp(new Date('2026-11-24T23:59:59+09:00'));
    const incident = await json(
      api.post('/api/v1/incidents', {
        name: '請求書の遅延',
        body: '調査中です',
        components: { [componentId]: 'major_outage' },
      }),
    );
    await json(api.post(`/api/v1/incidents/${incident.id}/updates`, { status: 'resolved', body: '復旧しました' }));
    await publisher.publishAll();
    const paths = ['/', `/incidents/${incident.id}/`, '/history/'];
    const before = await Promise.all(paths.map((p) => fetchRaw(p)));
    setNow(new Date('2026-11-25T00:00:01+09:00'));
    await publisher.publishAll();
    const after = await Promise.all(paths.map((p) => fetchRaw(p)));
    // The home page's daily bars gain 25 November.
    expect(after[0]!.body.toString()).toContain('2026年11月25日: 稼働率 100%');
    expect(after[0]!.headers.etag).not.toBe(before[0]!.headers.etag);
    expect(after[0]!.headers['last-modified']).toBe('Tue, 24 Nov 2026 15:00:01 GMT');
    // The incident and the month's history read the same on either day.
    for (const i of [1, 2]) {
      expect(after[i]!.headers.etag, paths[i]).toBe(before[i]!.headers.etag);
      expect(after[i]!.headers['last-modified'], paths[i]).toBe('Tue, 24 Nov 2026 14:59:59 GMT');
    }
  });

  it('redirects a page path without its slash, refuses traversal and answers unknown paths with the 404 page', async () => {
    await setUp();
    const redirect = await fetchRaw('/en');
    expect(redirect.status).toBe(308);
    expect(redirect.headers.location).toBe('/en/');
    for (const path of ['//evil.example/', '/%2e%2e/etc/passwd', '/%252e%252e/', '/nope/']) {
      const res = await fetchRaw(path);
      expect(res.status, path).toBe(404);
      expect(res.headers.location, path).toBeUndefined();
    }
  });
});
