import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';

// Counts the store's directory creations: a recursive mkdir before every object cost ~20 s of
// kernel time over a five-year publish (25,700 files), so shards are made only when missing.
const mkdirs = vi.hoisted(() => ({ count: 0 }));
vi.mock('node:fs/promises', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs/promises')>();
  const mkdir: typeof fs.mkdir = ((...args: Parameters<typeof fs.mkdir>) => {
    mkdirs.count++;
    return fs.mkdir(...args);
  }) as typeof fs.mkdir;
  return { ...fs, default: { ...fs, mkdir }, mkdir };
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
  body: Buffer.from(`<p>incident ${i}, ${edition}</p>`),
});

describe('object shard directories', () => {
  it('a commit of 4,000 files makes each shard directory once, not one per object, and makes them again when they are gone', async () => {
    const base = mkdtempSync(path.join(tmpdir(), 'shirase-shards-'));
    dirs.push(base);
    const dir = path.join(base, 'site');
    const store = await FileStore.open({ dir, hotBytes: 1024 * 1024 });
    const pages = Array.from({ length: 4000 }, (_, i) => page(i, 'first'));
    mkdirs.count = 0;
    await store.commit(pages, NOW);
    const shards = readdirSync(path.join(dir, 'objects')).length;
    // 4,000 objects share ~2,550 of the 4,096 shards; a mkdir per object would make 4,000 calls. Two
    // writers may rarely both find the same new shard missing.
    expect(shards).toBeLessThan(3000);
    expect(mkdirs.count).toBeLessThanOrEqual(shards + 50);

    rmSync(path.join(dir, 'objects'), { recursive: true, force: true });
    // Shards that are gone (removed by hand) are made again rather than failing the commit.
    const edited = Array.from({ length: 4000 }, (_, i) => page(i, 'second'));
    expect(await store.commit(edited, LATER)).toHaveLength(4000);
    const body = await store.read(store.get('/incidents/7/')!, 'identity');
    expect(body.toString()).toContain('incident 7, second');
    await store.close();
  });
});
