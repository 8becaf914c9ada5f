import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { type GenerationDelta, GenerationFeed, StoreMirror } from '../../api/publish/store-follower.ts';
import { FileStore } from '../../api/publish/store.ts';
import { html } from '../support/store-files.ts';

const NOW = new Date('2026-11-24T01:00:00Z');
const page = (i: number, edition: string) => html(`/incidents/${i}/`, `<p>incident ${i}, ${edition}</p>`);

/** A store on disk followed as the serving thread follows it: each installed generation's delta applied to a mirror. */
async function followed() {
  const dir = mkdtempSync(path.join(tmpdir(), 'shirase-follower-'));
  const store = await FileStore.open({ dir, hotBytes: 0 });
  onTestFinished(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const feed = new GenerationFeed((hash) => store.objectLocation(hash));
  const mirror = new StoreMirror(dir, 1024 * 1024);
  const deltas: GenerationDelta[] = [];
  store.onInstalled(async (previous, next) => {
    const delta = structuredClone(feed.delta(previous, next));
    deltas.push(delta);
    await mirror.apply(delta);
  });
  return { store, mirror, deltas };
}

/** Every path the store serves, with its ETag and identity bytes, as the mirror answers it. */
async function asMirrored(store: FileStore, mirror: StoreMirror) {
  return Promise.all(
    store.paths().map(async (p) => {
      const file = mirror.get(p);
      return [p, file?.etag, file && (await mirror.read(file, 'identity')).toString()];
    }),
  );
}
async function asStored(store: FileStore) {
  return Promise.all(store.all().map(async (f) => [f.path, f.etag, (await store.read(f, 'identity')).toString()]));
}

describe('the serving thread’s mirror of the store', () => {
  it('serves what the store serves after each commit, and is sent only what a commit changed', async () => {
    const { store, mirror, deltas } = await followed();
    await store.commit(
      Array.from({ length: 50 }, (_, i) => page(i, 'first')),
      NOW,
    );
    expect(await asMirrored(store, mirror)).toEqual(await asStored(store));

    await store.commit([page(7, 'second')], NOW, ['/incidents/9/']);
    expect(await asMirrored(store, mirror)).toEqual(await asStored(store));
    expect(mirror.get('/incidents/9/')).toBeUndefined();
    const last = deltas.at(-1)!;
    expect([last.files.map((f) => f.path), last.removed, last.locations.length]).toEqual([
      ['/incidents/7/'],
      ['/incidents/9/'],
      1,
    ]);
  });

  it('is told where an unchanged file’s bytes moved when a commit copies them into a newer pack', async () => {
    const { store, mirror, deltas } = await followed();
    const big = (p: string, fill: number, size: number) => ({
      path: p,
      contentType: 'application/octet-stream',
      body: Buffer.alloc(size, fill),
    });
    await store.commit([big('/kept.bin', 1, 100_000), big('/replaced.bin', 2, 400_000)], NOW);
    // The first pack is now a fifth live: the next commit copies the kept file forward.
    await store.commit([big('/replaced.bin', 3, 400_000)], NOW);
    await store.commit([big('/replaced.bin', 4, 400_000)], NOW);
    expect(deltas.slice(1).some((d) => d.locations.some(([hash]) => hash === store.get('/kept.bin')!.hash))).toBe(true);
    expect((await mirror.read(mirror.get('/kept.bin')!, 'identity')).equals(Buffer.alloc(100_000, 1))).toBe(true);
  });
});
