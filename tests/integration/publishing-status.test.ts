import { beforeAll, expect, it } from 'vitest';
import { loadSiteModel } from '../../api/core/queries/site-model.ts';
import { createPublisher, type Publisher } from '../../api/publish/publisher.ts';
import { loadAstroRenderer, PageRenderError, type RenderFn } from '../../api/publish/renderer.ts';
import { FileStore } from '../../api/publish/store.ts';
import { apiFor, json } from '../support/api.ts';
import { describeEachDatabase } from '../support/db.ts';
import { publishLimits, settingsFrom } from '../support/settings.ts';

const jst = (s: string) => new Date(`${s}+09:00`);

// Needs the built site (scripts/test.sh runs `astro build` first).
describeEachDatabase('GET /api/v1/publishing', ({ database }) => {
  let astro: RenderFn;
  beforeAll(async () => {
    astro = await loadAstroRenderer();
  });

  /**
   * The real publisher and pages, on a clock the test moves; routes in `broken` fail the way a page
   * that overflowed the stack did (the failure itself is what is being reported, not how it arose).
   */
  function setUp() {
    let now = jst('2026-11-28T10:00:00');
    const broken = new Set<string>();
    const settings = settingsFrom();
    const store = new FileStore();
    const log: string[] = [];
    const publisher: Publisher = createPublisher({
      limits: publishLimits,
      loadModel: (at) => loadSiteModel({ db: database().db, now: at }),
      render: (route, locals) =>
        broken.has(route)
          ? Promise.reject(new PageRenderError(route, new RangeError('Maximum call stack size exceeded')))
          : astro(route, locals),
      store,
      settings,
      now: () => now,
      log: (line) => log.push(line),
    });
    const api = apiFor(database(), { now, settings, publishing: () => publisher.status() });
    const flush = async () => {
      for (const change of api.changes.splice(0)) publisher.notify(change);
      await publisher.idle();
    };
    const setNow = (d: Date) => {
      now = d;
      api.setNow(d);
    };
    return { api, publisher, store, broken, flush, setNow, log };
  }

  it('answers the last publish and no failing routes after a clean publish', async () => {
    const { api, publisher } = setUp();
    await publisher.publishAll();
    const status = await json(api.send('GET', '/api/v1/publishing'));
    expect(status).toMatchObject({
      publishing: false,
      last_published_at: '2026-11-28T10:00:00.000+09:00',
      last_publish: {
        started_at: '2026-11-28T10:00:00.000+09:00',
        finished_at: '2026-11-28T10:00:00.000+09:00',
        outcome: 'published',
        duration_ms: expect.any(Number),
        files: expect.any(Number),
        error: null,
      },
      failing: [],
    });
    expect(status.last_publish.files).toBeGreaterThan(10);
  });

  it('names a route that fails to publish with its cause and since when, keeps its last version, and drops it once it publishes', async () => {
    const { api, publisher, store, broken, flush, setNow } = setUp();
    const incident = await json(api.post('/api/v1/incidents', { name: '請求書の遅延', body: '調査中です。' }));
    await publisher.publishAll();
    const page = `/incidents/${incident.id}/`;
    expect(store.peek(page)?.toString()).toContain('調査中です。');

    broken.add(page);
    setNow(jst('2026-11-28T10:05:00'));
    await api.post(`/api/v1/incidents/${incident.id}/updates`, { status: 'identified', body: '原因を特定しました。' });
    await flush();
    setNow(jst('2026-11-28T10:07:00'));
    await api.post(`/api/v1/incidents/${incident.id}/updates`, { status: 'monitoring', body: '監視しています。' });
    await flush();

    const failing = await json(api.send('GET', '/api/v1/publishing'));
    expect(failing.last_publish).toMatchObject({ outcome: 'published', error: null });
    expect(failing.failing).toEqual([
      {
        route: page,
        cause: 'RangeError: Maximum call stack size exceeded',
        since: '2026-11-28T10:05:00.000+09:00',
        last_failed_at: '2026-11-28T10:07:00.000+09:00',
      },
    ]);
    // Readers still get the last version of the failing page, and the rest of the batch.
    expect(store.peek(page)?.toString()).toContain('調査中です。');
    expect(store.peek(page)?.toString()).not.toContain('監視しています。');
    expect(store.peek(`/en${page}`)?.toString()).toContain('監視しています。');

    broken.delete(page);
    await api.post(`/api/v1/incidents/${incident.id}/updates`, { status: 'resolved', body: '復旧しました。' });
    await flush();
    expect((await json(api.send('GET', '/api/v1/publishing'))).failing).toEqual([]);
    expect(store.peek(page)?.toString()).toContain('復旧しました。');
  });

  it('answers only operators', async () => {
    const { api, publisher } = setUp();
    await publisher.publishAll();
    const anonymous = await api.app.request('/api/v1/publishing');
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('content-type')).toBe('application/problem+json');
  });

  it('says so when no publisher runs in the process', async () => {
    const res = await apiFor(database()).send('GET', '/api/v1/publishing');
    expect(res.status).toBe(503);
    expect((await res.json()).detail).toBe('このプロセスでは公開処理が動いていません。');
  });
});
