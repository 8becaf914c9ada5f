import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Change } from '../../api/core/change.ts';
import { nextWakeAt, siteWakeSources } from '../../api/core/queries/assemble-site.ts';
import { loadSiteModel } from '../../api/core/queries/site-model.ts';
import { modelDigest } from '../../api/publish/model-digest.ts';
import { createModelHost } from '../../api/publish/model-host.ts';
import { createPublisher } from '../../api/publish/publisher.ts';
import { loadAstroRenderer, type Renderer } from '../../api/publish/renderer.ts';
import { affectedPageRoutes, allPageRoutes, pageFrameKey } from '../../api/publish/routes.ts';
import { FileStore } from '../../api/publish/store.ts';
import { siteContent } from '../../api/server/site-publisher.ts';
import { apiFor, json } from '../support/api.ts';
import { describeEachDatabase } from '../support/db.ts';
import { publishLimits, settingsFrom } from '../support/settings.ts';
import { writeEveryKind } from '../support/write-sequence.ts';

const START = new Date('2026-11-24T10:00:00+09:00');
const minutes = (n: number) => new Date(START.getTime() + n * 60_000);
const settings = settingsFrom();
/** A stand-in entry whose /history/ never ends: its thread is stopped, and the pages behind it go to a new one. */
const QUEUED = fileURLToPath(new URL('../fixtures/render/queued-entry.mjs', import.meta.url));

let renderer: Renderer;
beforeAll(async () => {
  // The built site's entry, on a render thread (`astro build` first).
  renderer = await loadAstroRenderer();
});
afterAll(async () => {
  (await renderer.threads?.start())?.stop(new Error('the test is over'));
});

describeEachDatabase('the site model held by the render thread alone', ({ database }) => {
  it('derives there, after every kind of write, what a whole read of the database derives, and this thread keeps no incident', async () => {
    const api = apiFor(database(), { now: START });
    const host = createModelHost({ db: () => database().db, renderer: Promise.resolve(renderer), settings });
    let step = 0;
    async function expectWholeRead(what: string, res: Response | Promise<Response>) {
      const answer = await res;
      expect(answer.status, `${what}: ${await answer.clone().text()}`).toBeLessThan(300);
      const changes: Change[] = api.changes.splice(0);
      const now = minutes(++step);
      api.setNow(now);
      const held = await host(now, changes);
      const whole = await loadSiteModel({ db: database().db, now });
      expect(await held.digest(), `${what}: the render thread's model`).toBe(modelDigest(whole));
      expect(held.frame, what).toBe(pageFrameKey(whole));
      expect(await held.routes(false), what).toEqual(affectedPageRoutes(changes, whole));
      expect(await held.routes(true), what).toEqual(allPageRoutes(whole));
      expect(held.wakeAt, what).toEqual(nextWakeAt(whole, siteWakeSources(settings)));
      expect(host.keptHere(), `${what}: incidents kept on this thread`).toBe(0);
      expect(() => held.locals.model.incidents, what).toThrow(/held by the render thread/);
      return answer.json();
    }

    await writeEveryKind(api, () => host(START, 'all'), expectWholeRead);
  });

  it('sends the whole model again, read from the database, to a render thread that replaced a stopped one, and publishes the next write whole', async () => {
    const api = apiFor(database(), { now: START });
    const invoices = (await json(api.post('/api/v1/components', { name: '請求書' }))).id as string;
    const before = await json(
      api.post('/api/v1/incidents', { name: '既存の障害', body: '調査中', components: { [invoices]: 'major_outage' } }),
    );
    api.changes.splice(0);
    const content = siteContent(settings);
    const host = createModelHost({
      db: () => database().db,
      renderer: Promise.resolve(renderer),
      settings,
      pageLocals: content.pageLocals,
    });
    const store = new FileStore();
    let now = minutes(1);
    const publisher = createPublisher({
      loadModel: host,
      render: renderer,
      store,
      now: () => now,
      limits: publishLimits,
      ...content,
    });
    await publisher.publishAll();

    // Stopped between two loads: the next load finds a thread that holds nothing.
    (await renderer.threads!.start()).stop(new Error('stopped by the test'));
    const added = await json(
      api.post('/api/v1/incidents', {
        name: '新しい障害',
        body: '調査中',
        components: { [invoices]: 'partial_outage' },
      }),
    );
    now = minutes(2);
    for (const c of api.changes.splice(0)) publisher.notify(c);
    await publisher.idle();
    expect(publisher.status().failing).toEqual([]);
    const page = async (path: string) =>
      (await store.read(store.all().find((f) => f.path === path)!, 'identity')).toString();
    expect(await page(`/incidents/${added.id}/`)).toContain('新しい障害');
    // The home page lists the incident the thread was not told of in this publish: its model is whole.
    expect(await page('/')).toContain('既存の障害');
    expect(await page('/')).toContain('新しい障害');

    // Stopped after a load, before its pages: the thread that replaces it is sent that model again.
    now = minutes(3);
    const held = await host(now, [{ kind: 'incident', id: before.id }]);
    (await renderer.threads!.start()).stop(new Error('stopped by the test'));
    const whole = await loadSiteModel({ db: database().db, now });
    expect(await held.routes(true)).toEqual(allPageRoutes(whole));
    expect(await held.digest()).toBe(modelDigest(whole));
    // And the next write is patched onto what that thread holds.
    await json(api.post(`/api/v1/incidents/${before.id}/updates`, { status: 'resolved', body: '復旧' }));
    now = minutes(4);
    const after = await host(now, api.changes.splice(0));
    expect(await after.digest()).toBe(modelDigest(await loadSiteModel({ db: database().db, now })));
  });

  it('renders the pages behind one that hung on the thread that replaced its own, sent the model again from the database', async () => {
    const api = apiFor(database(), { now: START });
    await json(api.post('/api/v1/components', { name: '請求書' }));
    const queued = await loadAstroRenderer({ entry: QUEUED });
    try {
      const host = createModelHost({ db: () => database().db, renderer: Promise.resolve(queued), settings });
      const store = new FileStore();
      const log: string[] = [];
      const publisher = createPublisher({
        loadModel: host,
        render: queued,
        store,
        now: () => START,
        // Long enough for a replacement thread to start on a loaded machine (within the next page's limit).
        limits: { pageMs: 3_000, publishMs: 60_000 },
        settings,
        log: (line) => log.push(line),
      });
      const report = await publisher.publishAll();
      expect(report.failed, log.join('\n')).toEqual(['/history/']);
      const routes = allPageRoutes(await loadSiteModel({ db: database().db, now: START }));
      expect(new Set(store.all().map((f) => f.path))).toEqual(new Set(routes.filter((r) => r !== '/history/')));
    } finally {
      (await queued.threads!.start()).stop(new Error('the test is over'));
    }
  });
});
