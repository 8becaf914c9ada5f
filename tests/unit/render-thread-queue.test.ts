import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createPublisher } from '../../api/publish/publisher.ts';
import { loadAstroRenderer, type PageLocals, type RenderFn, type Renderer } from '../../api/publish/renderer.ts';
import { allPageRoutes } from '../../api/publish/routes.ts';
import type { StageSink } from '../../api/publish/stage-sink.ts';
import { FileStore } from '../../api/publish/store.ts';
import { EMPTY_MODEL, NOW } from '../fixtures/public-model.ts';
import { settingsFrom } from '../support/settings.ts';

const QUEUED = fileURLToPath(new URL('../fixtures/render/queued-entry.mjs', import.meta.url));
/** `render` as the publisher sees it, counting the routes it was handed while a page before them had not rendered. */
function counting(render: Renderer) {
  let waiting = 0;
  const seen = { ahead: 0 };
  const track = <T>(rendered: Promise<T>): Promise<T> => {
    if (waiting++ > 0) seen.ahead++;
    return rendered.finally(() => waiting--);
  };
  const fn: RenderFn = Object.assign(
    (route: string, locals: PageLocals, abandoned?: AbortSignal) => track(render(route, locals, abandoned)),
    {
      into: (route: string, locals: PageLocals, sink: StageSink, abandoned?: AbortSignal) =>
        track(render.into!(route, locals, sink, abandoned)),
    },
  );
  return { fn, seen };
}

describe('routes queued on the render thread', () => {
  it.each([
    ['stored on the render thread', true],
    ['sent back to this thread', false],
  ])(
    'a page that hangs in the middle of the queue loses only itself; the pages queued behind it are published (%s)',
    async (_, onDisk) => {
      const log: string[] = [];
      const render = await loadAstroRenderer({ entry: QUEUED });
      const { fn, seen } = counting(render);
      const store = onDisk
        ? await FileStore.open({ dir: mkdtempSync(path.join(tmpdir(), 'shirase-queue-')), hotBytes: 0 })
        : new FileStore();
      const publisher = createPublisher({
        // Long enough for a replacement thread to start on a loaded machine (within the next page's limit).
        limits: { pageMs: 2_000, publishMs: 60_000 },
        loadModel: async (now) => ({ ...EMPTY_MODEL, generatedAt: now }),
        render: fn,
        store,
        settings: settingsFrom(),
        now: () => NOW,
        log: (line) => log.push(line),
      });
      const routes = allPageRoutes(EMPTY_MODEL);
      expect(routes.indexOf('/history/'), 'the hung page has pages behind it').toBeLessThan(routes.length - 8);

      const report = await publisher.publishAll();
      expect(report.failed).toEqual(['/history/']);
      expect(log.join('\n')).toMatch(/\/history\/ was not published .*rendering \/history\/ took longer than 2000 ms/);
      const published = store.all().map((f) => f.path);
      expect(new Set(published)).toEqual(new Set(routes.filter((r) => r !== '/history/')));
      expect(seen.ahead, 'routes handed over before the page ahead of them had rendered').toBeGreaterThan(
        routes.length / 2,
      );
      for (const f of store.all())
        expect((await store.read(f, 'identity')).toString(), `${f.path} rendered beside another page`).toContain(
          'data-overlapped="false"',
        );
      // The page right behind the hung one was the first the new thread rendered: sent again first.
      const next = store.all().find((f) => f.path === routes[routes.indexOf('/history/') + 1])!;
      expect((await store.read(next, 'identity')).toString()).toContain('data-renders="1"');
      await store.close?.();
    },
  );
});
