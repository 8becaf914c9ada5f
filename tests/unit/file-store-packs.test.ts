import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';

// Counts the files the store opens to write: a file (and a rename) per object variant cost most of
// a five-year publish in the kernel (25,700 files, 14-22 s, 5.5-8.6 s of it kernel time).
const opens = vi.hoisted(() => ({ forWriting: 0 }));
vi.mock('node:fs/promises', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs/promises')>();
  const count = (flags: unknown) => {
    if (typeof flags === 'string' && /[wa]/.test(flags)) opens.forWriting++;
  };
  const open: typeof fs.open = ((file: Parameters<typeof fs.open>[0], flags?: string | number, mode?: number) =>
    fs.open(file, flags, mode).then((handle) => {
      count(flags);
      return handle;
    })) as typeof fs.open;
  const writeFile: typeof fs.writeFile = ((...args: Parameters<typeof fs.writeFile>) => {
    opens.forWriting++;
    return fs.writeFile(...args);
  }) as typeof fs.writeFile;
  return { ...fs, default: { ...fs, open, writeFile }, open, writeFile };
});

const { FileStore } = await import('../../api/publish/store.ts');

const NOW = new Date('2026-11-24T01:00:00Z');
const LATER = new Date('2026-11-24T02:00:00Z');
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const page = (i: number, edition: string) => ({
  path: `/incidents/${i}/`,
  contentType: 'text/html; charset=utf-8',
  body: Buffer.from(`<p>incident ${i}, ${edition}</p>${' '.repeat(300)}`),
});
const filesUnder = (dir: string) =>
  readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).length;

describe('objects packed on disk', () => {
  it('a commit of 4,000 files writes its 12,000 objects into one pack, not a file each, and reads each back', async () => {
    const base = mkdtempSync(path.join(tmpdir(), 'shirase-packs-'));
    dirs.push(base);
    const dir = path.join(base, 'site');
    const store = await FileStore.open({ dir, hotBytes: 1024 * 1024 });
    opens.forWriting = 0;
    await store.commit(
      Array.from({ length: 4000 }, (_, i) => page(i, 'first')),
      NOW,
    );
    // The pack, and the manifest (written under a temporary name, then renamed).
    expect(opens.forWriting).toBeLessThanOrEqual(2);
    expect(readdirSync(path.join(dir, 'packs'))).toHaveLength(1);
    expect(filesUnder(dir)).toBeLessThanOrEqual(3);
    for (const i of [0, 7, 3999]) {
      const file = store.get(`/incidents/${i}/`)!;
      expect((await store.read(file, 'identity')).toString()).toContain(`incident ${i}, first`);
      expect((await store.read(file, 'br')).length).toBeGreaterThan(0);
    }

    rmSync(path.join(dir, 'packs'), { recursive: true, force: true });
    // The packs folder gone (removed by hand): made again rather than failing the commit.
    const edited = Array.from({ length: 4000 }, (_, i) => page(i, 'second'));
    expect(await store.commit(edited, LATER)).toHaveLength(4000);
    const body = await store.read(store.get('/incidents/7/')!, 'identity');
    expect(body.toString()).toContain('incident 7, second');
    await store.close();
  });

  it('copies the few objects still used out of mostly dead packs, so that small publishes do not pile packs up', async () => {
    const base = mkdtempSync(path.join(tmpdir(), 'shirase-packs-'));
    dirs.push(base);
    const dir = path.join(base, 'site');
    const store = await FileStore.open({ dir, hotBytes: 1024 * 1024 });
    await store.commit(
      Array.from({ length: 100 }, (_, i) => page(i, 'first')),
      NOW,
    );
    // Sixty small publishes, each changing the home page and one incident of its own.
    for (let k = 0; k < 60; k++)
      await store.commit(
        [
          { path: '/', contentType: 'text/html', body: Buffer.from(`home ${k}${' '.repeat(400)}`) },
          page(k, `edit ${k}`),
        ],
        new Date(LATER.getTime() + k * 60_000),
      );
    const packs = readdirSync(path.join(dir, 'packs'));
    expect(packs.length, 'packs on disk').toBeLessThanOrEqual(34);
    for (const k of [0, 30, 59])
      expect((await store.read(store.get(`/incidents/${k}/`)!, 'gzip')).length).toBeGreaterThan(0);
    expect((await store.read(store.get('/incidents/80/')!, 'identity')).toString()).toContain('incident 80, first');
    await store.close();
    const again = await FileStore.open({ dir, hotBytes: 1024 * 1024 });
    expect((await again.read(again.get('/incidents/59/')!, 'identity')).toString()).toContain('edit 59');
    await again.close();
  });
});
