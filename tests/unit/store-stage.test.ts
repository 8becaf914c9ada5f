import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterEach, describe, expect, it } from 'vitest';
import { COMPRESSION_CONCURRENCY, compressionLoad, FileStore, resetCompressionPeak } from '../../api/publish/store.ts';
import { html } from '../support/store-files.ts';

const NOW = new Date('2026-11-24T01:00:00Z');
const LATER = new Date('2026-11-24T02:00:00Z');
/** A page that compresses (over the 256-byte floor), unique per text. */
const page = (p: string, text: string) => html(p, `<main>${text}</main>${' '.repeat(400)}`);

const dirs: string[] = [];
const opened: FileStore[] = [];
async function openFresh() {
  const dir = path.join(mkdtempSync(path.join(tmpdir(), 'shirase-stage-')), 'site');
  dirs.push(path.dirname(dir));
  const store = await FileStore.open({ dir, hotBytes: 1024 * 1024 });
  opened.push(store);
  return { dir, store };
}
afterEach(async () => {
  for (const s of opened.splice(0)) await s.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
/** The store's object files (packs). */
const objectFiles = (dir: string) => readdirSync(path.join(dir, 'packs')).sort();
const text = async (store: FileStore, p: string) => (await store.read(store.get(p)!, 'identity')).toString();

describe('a stage: a generation built file by file', () => {
  it('shows none of its files before its commit, and all of them at once after it', async () => {
    const { dir, store } = await openFresh();
    await store.commit([page('/', 'old home'), page('/a/', 'old a')], NOW);
    const before = store.generation()!.id;
    const stage = store.stage(LATER);
    await stage.add(page('/', 'new home'));
    await stage.add(page('/b/', 'new b'));
    expect(store.generation()!.id, 'a stage with its adds done is not yet a generation').toBe(before);
    expect(store.paths()).toEqual(['/', '/a/']);
    expect(await text(store, '/')).toContain('old home');
    const reader = await FileStore.openReadOnly(dir);
    expect(reader.generation()!.id, 'another process sees the old generation on disk').toBe(before);

    expect(await stage.commit()).toEqual(['/', '/b/']);
    expect(store.paths(), 'files not added are kept, as commit keeps them').toEqual(['/', '/a/', '/b/']);
    expect(await text(store, '/')).toContain('new home');
    expect(await text(store, '/a/')).toContain('old a');
    expect(await text(store, '/b/')).toContain('new b');
    expect(store.get('/b/')!.lastModified).toEqual(LATER);
    expect(store.get('/a/')!.lastModified).toEqual(NOW);
    await expect(stage.add(page('/c/', 'late'))).rejects.toThrow(/committed or aborted/);
  });

  it('an aborted stage changes nothing: same generation, same files, and the objects it wrote are gone', async () => {
    const { dir, store } = await openFresh();
    await store.commit([page('/', 'home'), page('/a/', 'a')], NOW);
    const gen = store.generation()!;
    const objectsBefore = objectFiles(dir);
    const stage = store.stage(LATER);
    await stage.add(page('/', 'edited home'));
    await stage.add(page('/z/', 'z'));
    expect(objectFiles(dir).length, 'the stage wrote its objects as they came').toBeGreaterThan(objectsBefore.length);
    await stage.abort();
    expect(store.generation()).toBe(gen);
    expect(await text(store, '/')).toContain('>home<');
    expect(store.get('/z/')).toBeUndefined();
    expect(objectFiles(dir)).toEqual(objectsBefore);
    // The store goes on as before: the next commit is no different for the aborted stage.
    expect(await store.commit([page('/', 'edited home')], LATER)).toEqual(['/']);
  });

  it('does not compress again a file whose bytes the current generation already has', async () => {
    const { store } = await openFresh();
    const pages = Array.from({ length: 20 }, (_, i) => page(`/incidents/${i}/`, `incident ${i}`));
    await store.commit(pages, NOW);
    const before = compressionLoad().started;
    const stage = store.stage(LATER);
    for (const p of pages) await stage.add(p);
    await stage.add(page('/incidents/3/', 'incident 3, edited'));
    // A new path with bytes already stored under another path: its objects are shared, not written again.
    await stage.add(page('/copy/', 'incident 7'));
    expect(compressionLoad().started - before, 'only the edited page was compressed').toBe(1);
    expect(await stage.commit()).toEqual(['/incidents/3/', '/copy/']);
    expect(store.get('/copy/')!.etag).toBe(store.get('/incidents/7/')!.etag);
    expect(store.get('/copy/')!.br).toBe(true);
  });

  it(`compresses at most ${COMPRESSION_CONCURRENCY} files at once however many adds are in flight, and keeps no body once its add resolves`, async () => {
    const { store } = await openFresh();
    const stage = store.stage(NOW);
    resetCompressionPeak();
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const refs: WeakRef<Buffer>[] = [];
    // 64 bodies of 256 KB that barely compress, all handed over at once.
    await Promise.all(
      Array.from({ length: 64 }, (_, i) => {
        const body = Buffer.from(randomBytes(192 * 1024).toString('base64'));
        refs.push(new WeakRef(body));
        return stage.add({ path: `/incidents/${i}/`, contentType: 'text/html; charset=utf-8', body });
      }),
    );
    expect(compressionLoad().peak).toBeGreaterThan(1);
    expect(compressionLoad().peak).toBeLessThanOrEqual(COMPRESSION_CONCURRENCY);
    expect(compressionLoad().active).toBe(0);
    await new Promise((resolve) => setImmediate(resolve));
    gc();
    expect(refs.filter((r) => r.deref() !== undefined).length, 'bodies still referenced after their adds').toBe(0);
    expect((await stage.commit()).length).toBe(64);
  });

  it('keeps the objects it uses while other generations are installed before its commit', async () => {
    const { dir, store } = await openFresh();
    await store.commit([page('/', 'home one'), page('/a/', 'a')], NOW);
    const stage = store.stage(LATER);
    await stage.add(page('/a/', 'a')); // unchanged: its object belongs to generation one
    await stage.add(page('/b/', 'b, staged'));
    // Two commits meanwhile retire generation one (and would sweep objects no generation names).
    await store.commit([page('/', 'home two')], LATER, ['/a/']);
    await store.commit([page('/', 'home three')], LATER);
    expect(await stage.commit()).toEqual(['/a/', '/b/']);
    expect(await text(store, '/a/')).toContain('>a<');
    expect(await text(store, '/b/')).toContain('b, staged');
    expect(await text(store, '/')).toContain('home three');
    const reopened = await FileStore.openReadOnly(dir);
    for (const p of ['/', '/a/', '/b/'])
      expect((await reopened.read(reopened.get(p)!, 'br')).length).toBeGreaterThan(0);
  });

  it('a commit that changes nothing installs nothing and leaves no object it wrote on the way', async () => {
    const { dir, store } = await openFresh();
    await store.commit([page('/', 'home')], NOW);
    const gen = store.generation();
    const objectsBefore = objectFiles(dir);
    const stage = store.stage(LATER);
    await stage.add(page('/', 'a draft of the home page'));
    // Added again with the bytes it has: the later add wins, and the draft's objects served nothing.
    await stage.add(page('/', 'home'));
    expect(await stage.commit()).toEqual([]);
    expect(store.generation()).toBe(gen);
    expect(objectFiles(dir)).toEqual(objectsBefore);
  });

  it('a failed add fails the commit, which installs nothing and leaves no object behind', async () => {
    const { dir, store } = await openFresh();
    await store.commit([page('/', 'home')], NOW);
    const objectsBefore = objectFiles(dir);
    const stage = store.stage(LATER);
    await stage.add(page('/a/', 'a'));
    const bad = stage.add({ path: '/b/', contentType: 'text/html', body: null as unknown as Buffer });
    await expect(bad).rejects.toThrow();
    await expect(stage.commit()).rejects.toThrow();
    expect(store.paths()).toEqual(['/']);
    expect(objectFiles(dir)).toEqual(objectsBefore);
  });
});
