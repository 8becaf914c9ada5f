import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { setPriority, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { IncidentView, SiteModel } from '../../api/core/model.ts';
import { createPublisher, DOCUMENTS_ROUTE } from '../../api/publish/publisher.ts';
import { buildDocuments } from '../../api/publish/documents/index.ts';
import {
  documentsOnRenderThread,
  loadAstroRenderer,
  PageRenderError,
  type PageLocals,
} from '../../api/publish/renderer.ts';
import { type FileInput, FileStore } from '../../api/publish/store.ts';
import { NOW as FIXTURE_NOW, PUBLIC_MODEL } from '../fixtures/public-model.ts';
import { settingsFrom, TEST_SITE_URL } from '../support/settings.ts';
import { niceOf } from '../support/threads.ts';

const NOW = new Date('2026-11-24T10:00:00+09:00');
const ENTRY = fileURLToPath(new URL('../fixtures/render/hanging-entry.mjs', import.meta.url));
const HANGING_DOCUMENTS = fileURLToPath(new URL('../fixtures/render/hanging-documents.mjs', import.meta.url));

const model = (now: Date): SiteModel => ({
  generatedAt: now,
  updatedAt: now,
  indicator: 'none',
  groups: [],
  components: [],
  incidents: [],
  maintenances: [],
  notices: [],
});

describe('pages rendered on a worker thread', () => {
  it('cuts off a page that never ends at its time limit and renders the pages after it on a new thread', async () => {
    const log: string[] = [];
    const render = await loadAstroRenderer({ entry: ENTRY });
    const pages = new Map<string, { pathname: string; renders: number }>();
    const publisher = createPublisher({
      // Long enough for a replacement thread to start on a loaded machine (it starts within the next page's limit).
      limits: { pageMs: 1_500, publishMs: 60_000 },
      loadModel: async (now) => model(now),
      render: async (route, locals, abandoned) => {
        const out = await render(route, locals, abandoned);
        pages.set(route, JSON.parse(out.body.toString()));
        return out;
      },
      store: new FileStore(),
      settings: settingsFrom(),
      now: () => NOW,
      log: (line) => log.push(line),
    });
    const report = await publisher.publishAll();
    expect(report.failed).toEqual(['/history/']);
    expect(log.join('\n')).toMatch(/\/history\/ was not published .*rendering \/history\/ took longer than 1500 ms/);
    // The English history comes right after the Japanese one in a full publish: it waited on
    // nothing, and was the first page of a new thread.
    expect(pages.get('/en/history/')).toMatchObject({ pathname: '/en/history/', renders: 1 });
    expect(pages.get('/')).toMatchObject({ pathname: '/' });
  });

  it('cuts off a documents build that never ends like a page, keeps the previous documents, and builds them on a new thread next time', async () => {
    const log: string[] = [];
    const render = await loadAstroRenderer({ entry: ENTRY, documents: HANGING_DOCUMENTS });
    let notices: SiteModel['notices'] = [];
    let incidents: IncidentView[] = [];
    const store = new FileStore();
    const publisher = createPublisher({
      limits: { pageMs: 1_500, publishMs: 120_000 },
      loadModel: async (now) => ({ ...model(now), incidents, notices }),
      render,
      documents: (m, now, scope, abandoned) =>
        buildDocuments({ model: m, now, siteUrl: TEST_SITE_URL }, scope, abandoned),
      store,
      settings: settingsFrom(),
      now: () => NOW,
      log: (line) => log.push(line),
    });
    // A notice: the home pages and the documents (the fixture's /history/ would hang too).
    const publish = async () => {
      publisher.notify({ kind: 'notice', id: 'n1' });
      await publisher.idle();
      return publisher.status().last;
    };
    await publish();
    expect(store.peek('/api/v2/count.json')?.toString()).toBe('{"incidents":0}');

    incidents = [{ id: 'inc_1', createdAt: NOW } as IncidentView];
    notices = [{ id: 'hang' } as SiteModel['notices'][number]];
    expect(await publish()).toMatchObject({ outcome: 'published' });
    expect(log.join('\n')).toMatch(
      /\(documents\) was not published .*building the documents .* took longer than 1500 ms/,
    );
    // The pages went out; the documents kept their previous version.
    expect(JSON.parse(store.peek('/')!.toString())).toMatchObject({ incidentIds: ['inc_1'] });
    expect(store.peek('/api/v2/count.json')?.toString()).toBe('{"incidents":0}');
    expect(publisher.status().failing.map((f) => f.route)).toEqual([DOCUMENTS_ROUTE]);

    // The stuck thread was stopped: a new one renders the pages (its own first render) and builds the documents.
    notices = [];
    await publish();
    expect(JSON.parse(store.peek('/')!.toString())).toMatchObject({ pathname: '/', renders: 1 });
    expect(store.peek('/api/v2/count.json')?.toString()).toBe('{"incidents":1}');
    expect(publisher.status().failing).toEqual([]);
  });

  it('fingerprints the model of a publish after a write on the render thread, and a restart with the same data renders nothing', async () => {
    let stringified = 0;
    /** Counts the JSON serialisations made on this thread; a clone sent to the render thread is a plain object. */
    class Counted {
      readonly id: string;
      constructor(id: string) {
        this.id = id;
      }
      toJSON() {
        stringified++;
        return { id: this.id };
      }
    }
    const incidents = [new Counted('inc_1') as unknown as IncidentView];
    const render = await loadAstroRenderer({ entry: ENTRY });
    const store = new FileStore();
    const publisherOn = () =>
      createPublisher({
        limits: { pageMs: 5_000, publishMs: 60_000 },
        loadModel: async (now) => ({ ...model(now), incidents }),
        render,
        store,
        settings: settingsFrom(),
        now: () => NOW,
        freshness: { site: 'build-1', validUntil: () => null },
      });
    const publisher = publisherOn();
    publisher.notify({ kind: 'notice', id: 'n1' });
    await publisher.idle();
    expect(publisher.status().last).toMatchObject({ outcome: 'published' });
    expect(store.generation()?.meta.fingerprint).toBeDefined();
    expect(stringified, 'the model was serialised on the serving thread').toBe(0);
    // A restart decides on this thread, with the same digest: nothing to render.
    expect(await publisherOn().publishAll({ ifChanged: true })).toMatchObject({ upToDate: true });
    expect(stringified).toBeGreaterThan(0);
  });

  it('renders, and compresses on libuv’s threads, 10 below the priority of the thread that answers requests, though the main thread lowered its own', async () => {
    const serving = niceOf('/proc/thread-self/stat');
    // As the server's main thread does once its serving thread listens (serve-thread.ts): the render
    // thread started after it still goes by the serving thread's priority, not by this one's.
    setPriority(Math.min(19, serving + 5));
    try {
      const render = await loadAstroRenderer({ entry: ENTRY, idleMs: 60_000 });
      await render('/', { model: model(NOW), settings: settingsFrom() });
      const tid = render.threadId();
      expect(tid, 'no render thread reported its id').not.toBeNull();
      expect(niceOf(`/proc/self/task/${tid}/stat`)).toBe(Math.min(19, serving + 10));
      // Only that thread: this one keeps the priority it set itself.
      expect(niceOf('/proc/thread-self/stat')).toBe(Math.min(19, serving + 5));
      // libuv's threads, which compress the pages, go down with it.
      const pool = readdirSync('/proc/self/task').filter(
        (t) => readFileSync(`/proc/self/task/${t}/comm`, 'utf8').trim() === 'libuv-worker',
      );
      expect(pool.length).toBeGreaterThan(0);
      for (const t of pool)
        expect(niceOf(`/proc/self/task/${t}/stat`), `libuv thread ${t}`).toBe(Math.min(19, serving + 10));
    } finally {
      // Raising a priority back needs privileges a test may not have: then the rest of this file runs lower.
      try {
        setPriority(serving);
      } catch {}
    }
  });

  it('keeps an idle render thread, which collects its garbage and renders the next page with what it holds', async () => {
    const render = await loadAstroRenderer({ entry: ENTRY, idleMs: 100 });
    const locals: PageLocals = { model: model(NOW), settings: settingsFrom() };
    await render('/', locals);
    await render('/en/', locals);
    const first = render.threadId();
    expect(first).not.toBeNull();
    // Idle past idleMs: the thread is kept (a fresh one would answer `renders: 1`).
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(render.threadId()).toBe(first);
    expect(JSON.parse((await render('/', locals)).body.toString())).toMatchObject({ pathname: '/', renders: 3 });
  });

  it('sends a later model as the incidents that changed, and its pages see that model whole and in order', async () => {
    const render = await loadAstroRenderer({ entry: ENTRY });
    const incidents = Array.from({ length: 1_001 }, (_, n) => ({ id: `inc_${n}`, name: `n${n}` }) as IncidentView);
    await render('/', { model: { ...model(NOW), incidents }, settings: settingsFrom() });
    // As after a write: a new incident first, one renamed (a new record), one gone, the rest the same records.
    const later = [
      { id: 'inc_new', name: 'new' } as IncidentView,
      ...incidents.slice(0, 10),
      { ...incidents[10]!, name: 'renamed' },
      ...incidents.slice(11, 500),
      ...incidents.slice(501),
    ];
    const page = JSON.parse(
      (await render('/en/', { model: { ...model(NOW), incidents: later }, settings: settingsFrom() })).body.toString(),
    );
    expect(page.incidentIds).toEqual(later.map((i) => i.id));
    expect(page.incidentNames).toEqual(later.map((i) => i.name));
  });

  it('hands pages the whole model, however many incidents, with its dates as dates, and the settings', async () => {
    const render = await loadAstroRenderer({ entry: ENTRY });
    // More incidents than the renderer sends in one message.
    const incidents = Array.from({ length: 1_001 }, (_, n) => ({ id: `inc_${n}` }) as IncidentView);
    const locals: PageLocals = { model: { ...model(NOW), incidents }, settings: settingsFrom() };
    const page = JSON.parse((await render('/en/', locals)).body.toString());
    expect(page).toEqual({
      pathname: '/en/',
      renders: 1,
      generatedAtIsDate: true,
      siteUrl: locals.settings.siteUrl,
      incidentIds: incidents.map((i) => i.id),
      incidentNames: incidents.map(() => null),
    });
  });

  it('builds the documents of a model it holds on the render thread, byte for byte what this thread builds', async () => {
    const render = await loadAstroRenderer({ entry: ENTRY });
    const locals: PageLocals = { model: PUBLIC_MODEL, settings: settingsFrom() };
    await render('/', locals);
    const there = documentsOnRenderThread(PUBLIC_MODEL, FIXTURE_NOW, TEST_SITE_URL, 'all');
    expect(there).not.toBeNull();
    // A copy of the model is held by no thread: its documents are built here.
    const copy = structuredClone(PUBLIC_MODEL);
    expect(documentsOnRenderThread(copy, FIXTURE_NOW, TEST_SITE_URL, 'all')).toBeNull();
    const here = await buildDocuments({ model: copy, now: FIXTURE_NOW, siteUrl: TEST_SITE_URL });
    // Without a stage's sink, bodies come back.
    const files = (await there!) as FileInput[];
    expect(files.map((f) => f.path)).toEqual(here.map((f) => f.path));
    for (const [n, f] of files.entries()) expect(f.body.equals(here[n]!.body), f.path).toBe(true);
  });

  it('rejects a page that throws with a PageRenderError naming the route and the page’s own message', async () => {
    const render = await loadAstroRenderer({ entry: ENTRY });
    const error = await render('/throws/', { model: model(NOW), settings: settingsFrom() }).catch((e) => e);
    expect(error).toBeInstanceOf(PageRenderError);
    expect(error.route).toBe('/throws/');
    expect(error.message).toBe('/throws/ failed to render: cannot read the incident');
  });

  it('keeps the process alive while the render thread starts, and lets it exit once the thread is idle', () => {
    const script = `const { loadAstroRenderer } = await import(${JSON.stringify(new URL('../../api/publish/renderer.ts', import.meta.url).href)});
await loadAstroRenderer({ entry: ${JSON.stringify(ENTRY)} });
console.log('loaded');`;
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'render-exit-')), 'load.mjs');
    writeFileSync(file, script);
    const run = spawnSync(process.execPath, [file], { encoding: 'utf8', timeout: 30_000 });
    expect(run.stdout.trim(), run.stderr).toBe('loaded');
    expect(run.status, 'the process did not exit by itself').toBe(0);
  });

  it('says the site is not built when the entry cannot be loaded', async () => {
    await expect(loadAstroRenderer({ entry: '/nonexistent/dist/server/entry.mjs' })).rejects.toThrow(
      /The site is not built \(\/nonexistent\/dist\/server\/entry\.mjs could not be loaded\): run "npm run build" first/,
    );
  });
});
