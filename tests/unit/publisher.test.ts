import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { createPublisher, DOCUMENTS_ROUTE, type PublisherDeps } from '../../api/publish/publisher.ts';
import { PageRenderError, type RenderFn } from '../../api/publish/renderer.ts';
import { FileStore } from '../../api/publish/store.ts';
import type { ComponentView, IncidentView, SiteModel } from '../../api/core/model.ts';
import { allPageRoutes } from '../../api/publish/routes.ts';
import { createLog } from '../../api/server/logger.ts';
import { publishLimits, settingsFrom } from '../support/settings.ts';

/** Nothing here depends on the time; the clock is pinned all the same, as everywhere. */
const NOW = new Date('2026-11-24T10:00:00+09:00');

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

function publisherWithCounters() {
  let loads = 0;
  const rendered: string[] = [];
  const store = new FileStore();
  const publisher = createPublisher({
    limits: publishLimits,
    loadModel: async (now) => {
      loads++;
      await new Promise((r) => setTimeout(r, 20));
      return model(now);
    },
    render: async (path) => {
      rendered.push(path);
      return { status: 200, contentType: 'text/html; charset=utf-8', body: Buffer.from(`<p>${path} ${loads}</p>`) };
    },
    store,
    settings: settingsFrom(),
    now: () => NOW,
  });
  return { publisher, store, rendered, loads: () => loads };
}

describe('the publisher', () => {
  it('coalesces a burst of writes into at most two publishes and idle() waits for the last', async () => {
    const { publisher, store, loads } = publisherWithCounters();
    for (let i = 0; i < 10; i++) publisher.notify({ kind: 'incident', id: `i${i}` });
    await publisher.idle();
    expect(loads()).toBeLessThanOrEqual(2);
    expect(store.peek('/incidents/i9/')?.toString()).toContain('/incidents/i9/');
    expect(store.get('/en/incidents/i0/')).toBeDefined();
  });

  it('renders only the pages a component change affects, not every page', async () => {
    const { publisher, rendered } = publisherWithCounters();
    publisher.notify({ kind: 'component', id: 'c1' });
    await publisher.idle();
    expect(rendered).toContain('/');
    expect(rendered).toContain('/en/');
    expect(rendered.some((p) => p.startsWith('/incidents/'))).toBe(false);
  });

  it('renders every page when a component is renamed, since every footer names it', async () => {
    const component = (name: string) => ({ id: 'c1', name, nameEn: null }) as unknown as ComponentView;
    let current = { ...model(NOW), components: [component('認証')] };
    const rendered: string[] = [];
    const publisher = createPublisher({
      limits: publishLimits,
      loadModel: async () => current,
      render: async (path) => {
        rendered.push(path);
        return { status: 200, contentType: 'text/html; charset=utf-8', body: Buffer.from(`<p>${path}</p>`) };
      },
      store: new FileStore(),
      settings: settingsFrom(),
      now: () => NOW,
    });
    await publisher.publishAll();
    rendered.length = 0;
    publisher.notify({ kind: 'component', id: 'c1' });
    await publisher.idle();
    expect(rendered, 'a change of status alone renders the pages that show it').not.toContain('/history/');
    rendered.length = 0;
    current = { ...current, components: [component('認証基盤')] };
    publisher.notify({ kind: 'component', id: 'c1' });
    await publisher.idle();
    expect(rendered.sort()).toEqual(
      allPageRoutes(current)
        .map((r) => (r === '/404.html' ? '/404' : r))
        .sort(),
    );
  });

  it('keeps the published files and reports the error, at level error in the server’s log, when a publish fails', async () => {
    const store = new FileStore();
    await store.commit([{ path: '/', contentType: 'text/html', body: Buffer.from('old') }], NOW);
    const written: string[] = [];
    const publisher = createPublisher({
      limits: publishLimits,
      loadModel: async () => {
        throw new Error('database is down');
      },
      render: async () => ({ status: 200, contentType: 'text/html', body: Buffer.from('new') }),
      store,
      settings: settingsFrom(),
      now: () => NOW,
      log: createLog({ level: 'info', format: 'json' }, { destination: { write: (l) => void written.push(l) } }),
    });
    publisher.notify({ kind: 'component', id: 'c1' });
    await publisher.idle();
    expect((publisher.lastError as Error).message).toBe('database is down');
    expect(store.peek('/')?.toString()).toBe('old');
    const failed = written.map((l) => JSON.parse(l)).filter((l) => /publish failed .*database is down/.test(l.msg));
    expect(failed.map((l) => l.level)).toEqual(['error']);
    expect(publisher.status().last).toMatchObject({ outcome: 'failed', error: 'Error: database is down' });
  });
});

/** A publisher whose pages render as `<p>route vN</p>` (N counts publishes), except where `pages` says otherwise. */
function publisherWith(pages: Record<string, RenderFn> = {}, more: Partial<PublisherDeps> = {}) {
  let now = NOW;
  let version = 0;
  const store = new FileStore();
  const log: string[] = [];
  const publisher = createPublisher({
    limits: publishLimits,
    loadModel: async (at) => {
      version++;
      return model(at);
    },
    render: async (route, locals) =>
      pages[route]
        ? pages[route](route, locals)
        : { status: 200, contentType: 'text/html; charset=utf-8', body: Buffer.from(`<p>${route} v${version}</p>`) },
    store,
    settings: settingsFrom(),
    now: () => now,
    log: (line) => log.push(line),
    ...more,
  });
  const text = (path: string) => store.peek(path)?.toString();
  return { publisher, store, log, text, setNow: (d: Date) => (now = d) };
}

const overflow: RenderFn = async (route) => {
  throw new PageRenderError(route, new RangeError('Maximum call stack size exceeded'));
};
const never: RenderFn = () => new Promise(() => {});

describe('the publisher when a page fails', () => {
  it('publishes the rest of the batch, keeps the failing route’s previous version and logs the route and the cause', async () => {
    const failing: Record<string, RenderFn> = {};
    const { publisher, log, text } = publisherWith(failing);
    publisher.notify({ kind: 'incident', id: 'i1' });
    await publisher.idle();
    expect(text('/incidents/i1/')).toBe('<p>/incidents/i1/ v1</p>');

    failing['/incidents/i1/'] = overflow;
    publisher.notify({ kind: 'incident', id: 'i1' });
    await publisher.idle();
    expect(text('/')).toBe('<p>/ v2</p>');
    expect(text('/en/incidents/i1/')).toBe('<p>/en/incidents/i1/ v2</p>');
    expect(text('/incidents/i1/')).toBe('<p>/incidents/i1/ v1</p>');
    expect(publisher.lastError).toBeNull();
    expect(log.join('\n')).toMatch(/\/incidents\/i1\/ was not published .*Maximum call stack size exceeded/);
    expect(log.join('\n')).toMatch(/published .*1 failed and kept their previous version: \/incidents\/i1\//);
  });

  it('records the failing route with its cause and since when, and forgets it once it publishes again', async () => {
    const failing: Record<string, RenderFn> = { '/incidents/i1/': overflow };
    const { publisher, setNow } = publisherWith(failing);
    publisher.notify({ kind: 'incident', id: 'i1' });
    await publisher.idle();
    setNow(new Date('2026-11-24T10:05:00+09:00'));
    publisher.notify({ kind: 'incident', id: 'i1' });
    await publisher.idle();
    expect(publisher.status()).toMatchObject({
      publishing: false,
      last: { outcome: 'published', error: null },
      failing: [
        {
          route: '/incidents/i1/',
          cause: 'RangeError: Maximum call stack size exceeded',
          since: NOW,
          lastFailedAt: new Date('2026-11-24T10:05:00+09:00'),
        },
      ],
    });

    delete failing['/incidents/i1/'];
    publisher.notify({ kind: 'incident', id: 'i1' });
    await publisher.idle();
    expect(publisher.status().failing).toEqual([]);
  });

  it('abandons a render that never ends after the page time limit, names the route, and publishes the rest', async () => {
    const { publisher, log, text } = publisherWith(
      { '/en/incidents/i1/': never },
      { limits: { pageMs: 50, publishMs: 60_000 } },
    );
    publisher.notify({ kind: 'incident', id: 'i1' });
    await publisher.idle();
    expect(text('/incidents/i1/')).toBe('<p>/incidents/i1/ v1</p>');
    expect(text('/en/incidents/i1/')).toBeUndefined();
    expect(log.join('\n')).toMatch(/rendering \/en\/incidents\/i1\/ took longer than 50 ms and was abandoned/);
    expect(publisher.status().failing.map((f) => f.route)).toEqual(['/en/incidents/i1/']);
  });

  it('keeps the previous documents and publishes the pages when building the documents fails', async () => {
    let broken = false;
    const { publisher, text } = publisherWith(
      {},
      {
        documents: () => {
          if (broken) throw new TypeError('feed builder broke');
          return [{ path: '/history.rss', contentType: 'application/rss+xml', body: Buffer.from('<rss/>') }];
        },
      },
    );
    await publisher.publishAll();
    broken = true;
    await publisher.publishAll();
    expect(text('/')).toBe('<p>/ v2</p>');
    expect(text('/history.rss')).toBe('<rss/>');
    expect(publisher.status().failing).toMatchObject([
      { route: DOCUMENTS_ROUTE, cause: 'TypeError: feed builder broke' },
    ]);
  });
});

describe('the publisher’s time limit for a whole publish', () => {
  it('ends a publish whose model never arrives with a logged error, keeping the published files', async () => {
    let hang = false;
    const store = new FileStore();
    const log: string[] = [];
    const publisher = createPublisher({
      loadModel: (at) => (hang ? new Promise(() => {}) : Promise.resolve(model(at))),
      render: async (route) => ({ status: 200, contentType: 'text/html', body: Buffer.from(`${route} ${hang}`) }),
      store,
      settings: settingsFrom(),
      now: () => NOW,
      limits: { pageMs: 50, publishMs: 100 },
      log: (line) => log.push(line),
    });
    await publisher.publishAll();
    hang = true;
    publisher.notify({ kind: 'incident', id: 'i1' });
    await publisher.idle();
    expect(store.peek('/')?.toString()).toBe('/ false');
    expect(log.join('\n')).toMatch(/publish failed .*reading the site model took longer than 100 ms/);
    expect(publisher.status().last).toMatchObject({ outcome: 'failed' });

    // The changes of the failed publish go out with the next one.
    hang = false;
    publisher.notify({ kind: 'component', id: 'c1' });
    await publisher.idle();
    expect(store.peek('/incidents/i1/')?.toString()).toBe('/incidents/i1/ false');
  });

  it('ends a publish that runs past its limit while rendering, committing none of it', async () => {
    const slow: RenderFn = (route) =>
      new Promise((resolve) =>
        setTimeout(() => resolve({ status: 200, contentType: 'text/html', body: Buffer.from(`${route} new`) }), 40),
      );
    const { publisher, store } = publisherWith({}, { render: slow, limits: { pageMs: 1_000, publishMs: 60 } });
    await store.commit([{ path: '/', contentType: 'text/html', body: Buffer.from('old') }], NOW);
    await expect(publisher.publishAll()).rejects.toThrow(/the publish ran past its 60 ms limit while rendering/);
    expect(store.peek('/')?.toString()).toBe('old');
    expect(publisher.status()).toMatchObject({ publishing: false, last: { outcome: 'failed' } });
  });
});

describe('the publisher’s memory during a whole publish', () => {
  it('hands each page to the store as it renders, holding a few bodies at a time rather than all of them until the commit', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const dir = mkdtempSync(path.join(tmpdir(), 'shirase-publisher-'));
    // On disk, with a small hot budget: the store itself keeps no incident page's bytes in memory.
    const store = await FileStore.open({ dir: path.join(dir, 'site'), hotBytes: 1024 * 1024 });
    try {
      // 200 incidents: 400 pages of 128 KB that barely compress, 50 MB if all were held at once.
      const incidents = Array.from(
        { length: 200 },
        (_, n) => ({ id: `i${n}`, createdAt: NOW, componentIds: [] }) as unknown as IncidentView,
      );
      const bodies: WeakRef<Buffer>[] = [];
      let mostHeld = 0;
      const publisher = createPublisher({
        limits: publishLimits,
        loadModel: async (now) => ({ ...model(now), incidents }),
        render: async () => {
          if (bodies.length % 50 === 49) {
            // A WeakRef keeps its target alive until the end of the task that made it.
            await new Promise((resolve) => setImmediate(resolve));
            gc();
            mostHeld = Math.max(mostHeld, bodies.filter((b) => b.deref() !== undefined).length);
          }
          const body = Buffer.from(randomBytes(96 * 1024).toString('base64'));
          bodies.push(new WeakRef(body));
          return { status: 200, contentType: 'text/html; charset=utf-8', body };
        },
        store,
        settings: settingsFrom(),
        now: () => NOW,
      });
      const report = await publisher.publishAll();
      expect(report.failed).toEqual([]);
      expect(store.get('/incidents/i199/')).toBeDefined();
      expect(bodies.length).toBeGreaterThan(400);
      // What is held: the pages being compressed and written, and a few handed over and waiting.
      expect(mostHeld, 'rendered bodies still referenced while later pages render').toBeLessThanOrEqual(16);
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
