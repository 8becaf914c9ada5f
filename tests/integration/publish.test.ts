import { request as httpRequest, createServer, type Server } from 'node:http';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createPublisher } from '../../api/publish/publisher.ts';
import { loadAstroRenderer } from '../../api/publish/renderer.ts';
import { FileStore } from '../../api/publish/store.ts';
import { loadSiteModel } from '../../api/core/queries/site-model.ts';
import { serveStatic } from '../../api/server/static.ts';
import { apiFor, json } from '../support/api.ts';
import { describeEachDatabase } from '../support/db.ts';
import { settingsFrom } from '../support/settings.ts';

// Needs the built site (scripts/test.sh runs `astro build` first).
describeEachDatabase('publishing writes as static files', ({ database }) => {
  let server: Server;
  let base: string;
  let store: FileStore;
  let publisher: ReturnType<typeof createPublisher>;
  let api: ReturnType<typeof apiFor>;

  beforeAll(async () => {
    store = new FileStore();
    const render = await loadAstroRenderer();
    publisher = createPublisher({
      loadModel: (now) => loadSiteModel({ db: database().db, now }),
      render,
      store,
      settings: settingsFrom(),
      now: () => new Date(),
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

  async function setUp() {
    api = apiFor(database(), { now: new Date() });
    const created = await json(api.post('/api/v1/components', { name: '請求書', name_en: 'Invoices' }));
    await publisher.publishAll();
    return created.id as string;
  }

  it('publishes a new incident to the Japanese and English home and detail pages after the write', async () => {
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
  });

  it('keeps serving the last published pages when the database is unreachable', async () => {
    await setUp();
    const failing = createPublisher({
      loadModel: async () => {
        throw new Error('connection refused');
      },
      render: await loadAstroRenderer(),
      store,
      settings: settingsFrom(),
      now: () => new Date(),
    });
    failing.notify({ kind: 'component', id: 'x' });
    await failing.idle();
    expect(failing.lastError).toBeInstanceOf(Error);
    const home = await fetchRaw('/');
    expect(home.status).toBe(200);
    expect(home.body.toString()).toContain('請求書');
  });

  it('answers conditional requests with 304 and serves stored brotli and gzip variants', async () => {
    await setUp();
    const first = await fetchRaw('/', { 'Accept-Encoding': 'gzip, br' });
    expect(first.headers['content-encoding']).toBe('br');
    expect(first.headers['vary']).toBe('Accept-Encoding');
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
    await new Promise((r) => setTimeout(r, 1100));
    await publisher.publishAll();
    const after = await fetchRaw('/history/');
    expect(after.headers.etag).toBe(before.headers.etag);
    expect(after.headers['last-modified']).toBe(before.headers['last-modified']);
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
