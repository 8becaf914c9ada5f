import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { IncidentView, SiteModel } from '../../api/core/model.ts';
import { createPublisher } from '../../api/publish/publisher.ts';
import { buildDocuments } from '../../api/publish/documents/index.ts';
import {
  documentsOnRenderThread,
  loadAstroRenderer,
  PageRenderError,
  type PageLocals,
} from '../../api/publish/renderer.ts';
import { FileStore } from '../../api/publish/store.ts';
import { NOW as FIXTURE_NOW, PUBLIC_MODEL } from '../fixtures/public-model.ts';
import { settingsFrom, TEST_SITE_URL } from '../support/settings.ts';

const NOW = new Date('2026-11-24T10:00:00+09:00');
const ENTRY = fileURLToPath(new URL('../fixtures/render/hanging-entry.mjs', import.meta.url));

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
    const files = await there!;
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
