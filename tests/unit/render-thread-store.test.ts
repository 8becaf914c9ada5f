import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { SiteModel } from '../../api/core/model.ts';
import { buildDocuments } from '../../api/publish/documents/index.ts';
import { createPublisher } from '../../api/publish/publisher.ts';
import { loadAstroRenderer, type RenderFn, type Renderer } from '../../api/publish/renderer.ts';
import { compressionLoad, FileStore } from '../../api/publish/store.ts';
import { NOW, PUBLIC_MODEL } from '../fixtures/public-model.ts';
import { settingsFrom, TEST_SITE_URL } from '../support/settings.ts';

const COUNTING = fileURLToPath(new URL('../fixtures/render/counting-entry.mjs', import.meta.url));
const KEPT_DOCUMENT = fileURLToPath(new URL('../fixtures/render/cached-documents.mjs', import.meta.url));
const LIMITS = { pageMs: 10_000, publishMs: 120_000 };

function publisherOf(store: FileStore, render: RenderFn, limits = LIMITS, model: SiteModel = PUBLIC_MODEL) {
  return createPublisher({
    limits,
    loadModel: async (at) => ({ ...model, generatedAt: at }),
    render,
    store,
    documents: (m, at, scope, abandoned, sink) =>
      buildDocuments({ model: m, now: at, siteUrl: TEST_SITE_URL }, scope, abandoned, sink),
    settings: settingsFrom(),
    now: () => NOW,
  });
}

/** Every file of the store's generation, read in each encoding it says it has, checked against its hash. */
async function everyFile(store: FileStore) {
  const out = new Map<string, { hash: string; identity: string; gzip: boolean; br: boolean }>();
  for (const f of store.all()) {
    const identity = await store.read(f, 'identity');
    if (f.gzip) expect(gunzipSync(await store.read(f, 'gzip')).equals(identity), `${f.path} gzip`).toBe(true);
    if (f.br) expect(brotliDecompressSync(await store.read(f, 'br')).equals(identity), `${f.path} br`).toBe(true);
    out.set(f.path, { hash: f.hash, identity: identity.toString('latin1'), gzip: f.gzip, br: f.br });
  }
  return out;
}

describe('a publish stored by the render thread', () => {
  it('compresses and writes every new file there, none here, and serves each with the right bytes in all three encodings', async () => {
    const render = await loadAstroRenderer();
    // The same site published into memory: there the bodies come to this thread, as they always did.
    const reference = new FileStore();
    await publisherOf(reference, render).publishAll();
    const expected = await everyFile(reference);
    expect([...expected.values()].filter((f) => f.br).length).toBeGreaterThan(20);

    const dir = mkdtempSync(path.join(tmpdir(), 'shirase-thread-store-'));
    const before = compressionLoad().started;
    const store = await FileStore.open({ dir, hotBytes: 1024 * 1024 });
    await publisherOf(store, render).publishAll();
    expect(compressionLoad().started - before, 'files compressed on the serving thread').toBe(0);
    // The home page's bytes came back for the hot cache, without a read of the pack.
    expect(store.peek('/', 'br')).toBeDefined();
    await store.close();

    // Read back from disk by a fresh store, as after a restart.
    const reopened = await FileStore.open({ dir, hotBytes: 0 });
    expect(await everyFile(reopened)).toEqual(expected);
    await reopened.close();
  });

  it('keeps nothing in the serving thread’s memory when its hot budget is 0', async () => {
    const render = await loadAstroRenderer();
    const store = await FileStore.open({ dir: mkdtempSync(path.join(tmpdir(), 'shirase-thread-store-')), hotBytes: 0 });
    await publisherOf(store, render).publishAll();
    expect(store.peek('/')).toBeUndefined();
    expect(store.hotBytes()).toBe(0);
    expect((await store.read(store.get('/')!, 'identity')).toString()).toContain('<html');
    await store.close();
  });

  it('leaves a document body its builder keeps whole for the next publish, though it is sent back for the hot cache', async () => {
    const render = await loadAstroRenderer({ documents: KEPT_DOCUMENT });
    const store = await FileStore.open({
      dir: mkdtempSync(path.join(tmpdir(), 'shirase-thread-store-')),
      hotBytes: 1 << 20,
    });
    const publisher = publisherOf(store, render);
    await publisher.publishAll();
    const first = store.get('/api/v2/kept.json')!;
    expect(store.peek('/api/v2/kept.json')?.length).toBeGreaterThan(4096);
    await publisher.publishAll();
    expect(publisher.status().failing).toEqual([]);
    expect(store.get('/api/v2/kept.json')!.hash, 'the kept body changed between publishes').toBe(first.hash);
    await store.close();
  });

  it('a render thread killed mid-publish leaves a whole generation behind, and the next publish completes', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'shirase-thread-store-'));
    const renderer: Renderer = await loadAstroRenderer({ entry: COUNTING });
    const store = await FileStore.open({ dir, hotBytes: 1024 * 1024 });
    // Long enough for a replacement thread to start and build the documents on a loaded machine
    // (1.5 s was not, at load 9: the documents of the new thread were cut off too).
    const publisher = publisherOf(store, renderer, { pageMs: 4_000, publishMs: 120_000 });
    await publisher.publishAll();
    const firstFiles = await everyFile(store);

    // The next publish cuts off /history/, which never ends, at its time limit by stopping its thread:
    // the pages before it may still be compressing and writing there.
    const killed = await publisher.publishAll();
    // Only the page that never ended: those whose writing its thread took down were rendered again.
    expect(killed.failed).toEqual(['/history/']);
    const afterKill = await everyFile(store);
    expect(afterKill.get('/history/')).toEqual(firstFiles.get('/history/'));
    for (const [route, file] of afterKill)
      if (route !== '/history/' && file.identity.includes('data-renders'))
        expect(file.hash, `${route} was not published anew`).not.toBe(firstFiles.get(route)!.hash);

    const next = await publisher.publishAll();
    expect(next.failed).toEqual([]);
    await store.close();
    // A restart serves that last generation whole.
    const reopened = await FileStore.open({ dir, hotBytes: 0 });
    const last = await everyFile(reopened);
    expect(last.size).toBe(afterKill.size);
    expect(last.get('/history/')!.hash).not.toBe(firstFiles.get('/history/')!.hash);
    await reopened.close();
  });
});
