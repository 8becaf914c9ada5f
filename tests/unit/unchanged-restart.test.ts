import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { SiteModel } from '../../api/core/model.ts';
import { createPublisher } from '../../api/publish/publisher.ts';
import type { RenderFn } from '../../api/publish/renderer.ts';
import { FileStore } from '../../api/publish/store.ts';
import { PUBLIC_MODEL } from '../fixtures/public-model.ts';
import { publishLimits, settingsFrom } from '../support/settings.ts';

const T0 = new Date('2026-11-28T07:40:00Z');
/** When time alone next changes a page (the publish clock's wake), in these runs. */
const WAKE = new Date('2026-11-28T09:00:00Z');

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/**
 * One life of the process: opens the store in `dir`, publishes everything with `ifChanged`, closes.
 * Returns the routes it rendered.
 */
async function lifetime(
  dir: string,
  {
    now = T0,
    model = PUBLIC_MODEL,
    site = 'build-1',
    render,
  }: { now?: Date; model?: SiteModel; site?: string; render?: RenderFn } = {},
) {
  const store = await FileStore.open({ dir, hotBytes: 1024 * 1024 });
  const rendered: string[] = [];
  try {
    const publisher = createPublisher({
      limits: publishLimits,
      loadModel: async (at) => ({ ...model, generatedAt: at }),
      render: async (route, locals, abandoned) => {
        rendered.push(route);
        return render
          ? render(route, locals, abandoned)
          : { status: 200, contentType: 'text/html; charset=utf-8', body: Buffer.from(`<p>${route}</p>`) };
      },
      store,
      settings: settingsFrom(),
      now: () => now,
      freshness: { site, validUntil: () => WAKE },
      log: () => {},
    });
    const current = await publisher.isCurrent();
    const report = await publisher.publishAll({ ifChanged: true });
    return { current, rendered, report, home: (await store.read(store.get('/')!, 'identity')).toString() };
  } finally {
    await store.close();
  }
}

function freshDir() {
  const dir = mkdtempSync(path.join(tmpdir(), 'shirase-restart-'));
  dirs.push(dir);
  return path.join(dir, 'site');
}

describe('a restart with nothing changed', () => {
  it('renders nothing and serves the stored output', async () => {
    const dir = freshDir();
    const first = await lifetime(dir);
    expect(first.rendered.length).toBeGreaterThan(10);
    const second = await lifetime(dir, { now: new Date(T0.getTime() + 60_000) });
    expect(second.rendered).toEqual([]);
    expect([first.current, second.current], 'isCurrent() says so without publishing').toEqual([false, true]);
    expect(second.report.upToDate).toBe(true);
    expect(second.home).toBe('<p>/</p>');
  });

  it('republishes when the data changed', async () => {
    const dir = freshDir();
    await lifetime(dir);
    const changed = { ...PUBLIC_MODEL, incidents: PUBLIC_MODEL.incidents.slice(1) };
    const after = await lifetime(dir, { model: changed });
    expect(after.current).toBe(false);
    expect(after.rendered).toContain('/');
  });

  it('republishes when the site was rebuilt', async () => {
    const dir = freshDir();
    await lifetime(dir);
    expect((await lifetime(dir, { site: 'build-2' })).rendered).toContain('/');
  });

  it('republishes once time alone has changed a page (the publish clock’s wake has passed)', async () => {
    const dir = freshDir();
    await lifetime(dir);
    expect((await lifetime(dir, { now: WAKE })).rendered).toContain('/');
  });

  it('republishes after a publish that left a page failing', async () => {
    const dir = freshDir();
    await lifetime(dir, {
      render: async (route) => {
        if (route === '/history/') throw new Error('broken history');
        return { status: 200, contentType: 'text/html; charset=utf-8', body: Buffer.from(`<p>${route}</p>`) };
      },
    });
    expect((await lifetime(dir)).rendered).toContain('/history/');
  });
});
