import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { writeExport } from '../../api/publish/export-files.ts';
import { FileStore } from '../../api/publish/store.ts';

const NOW = new Date('2026-11-24T01:00:00Z');
const LATER = new Date('2026-11-24T02:00:00Z');
const dirs: string[] = [];
const tmp = () => {
  const d = mkdtempSync(path.join(tmpdir(), 'shirase-export-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('the export written from the store', () => {
  for (const kind of ['on disk', 'in memory'] as const)
    it(`writes every file of the current generation ${kind}, variants beside it, dated by Last-Modified`, async () => {
      const work = tmp();
      const store =
        kind === 'on disk'
          ? await FileStore.open({ dir: path.join(work, 'site'), hotBytes: 1024 * 1024 })
          : new FileStore();
      try {
        const home = `<h1>home</h1>${'x'.repeat(3000)}`;
        const summary = JSON.stringify({ page: { name: 'x'.repeat(500) } });
        await store.commit(
          [
            { path: '/', contentType: 'text/html; charset=utf-8', body: Buffer.from(home) },
            { path: '/api/v2/summary.json', contentType: 'application/json', body: Buffer.from(summary) },
            // Two paths with the same bytes but not the same date: each copy keeps its own date.
            { path: '/a/', contentType: 'text/html; charset=utf-8', body: Buffer.from('same') },
          ],
          NOW,
        );
        await store.commit(
          [{ path: '/b/', contentType: 'text/html; charset=utf-8', body: Buffer.from('same') }],
          LATER,
        );
        const out = path.join(work, 'out');
        const report = await writeExport(store, out);
        expect(report).toEqual({ files: 4, bytes: home.length + summary.length + 8 });
        const read = (rel: string) => readFileSync(path.join(out, rel));
        expect(read('index.html').toString()).toBe(home);
        expect(gunzipSync(read('index.html.gz')).toString()).toBe(home);
        expect(brotliDecompressSync(read('api/v2/summary.json.br')).toString()).toBe(summary);
        expect(statSync(path.join(out, 'index.html.br')).mtime).toEqual(NOW);
        expect(statSync(path.join(out, 'a/index.html')).mtime).toEqual(NOW);
        expect(statSync(path.join(out, 'b/index.html')).mtime).toEqual(LATER);
        expect(read('b/index.html').toString()).toBe('same');
        // The store keeps serving what it served: the copy is apart from it.
        expect((await store.read(store.get('/')!, 'identity')).toString()).toBe(home);
      } finally {
        await store.close();
      }
    });
});
