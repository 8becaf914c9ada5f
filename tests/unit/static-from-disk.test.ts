import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileStore } from '../../api/publish/store.ts';
import { serveStatic } from '../../api/server/static.ts';

const NOW = new Date('2026-11-24T01:00:00Z');
const HOME = `<h1>ホーム</h1>${'x'.repeat(4000)}`;

describe('serving from the store on disk, with a memory budget smaller than the site', () => {
  const work = mkdtempSync(path.join(tmpdir(), 'shirase-static-'));
  let store: FileStore;
  let server: Server;
  let base = '';
  beforeAll(async () => {
    store = await FileStore.open({ dir: path.join(work, 'site'), hotBytes: 1024 * 1024 });
    await store.commit(
      [
        { path: '/', contentType: 'text/html; charset=utf-8', body: Buffer.from(HOME) },
        { path: '/incidents/a/', contentType: 'text/html; charset=utf-8', body: Buffer.from('<p>a</p>') },
        { path: '/404.html', contentType: 'text/html; charset=utf-8', body: Buffer.from('<p>none</p>'), status: 404 },
      ],
      NOW,
    );
    await store.close();
    // A restart: nothing of it is in memory yet.
    store = await FileStore.open({ dir: path.join(work, 'site'), hotBytes: 1024 * 1024 });
    server = createServer((req, res) => void serveStatic(store, req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await store.close();
    rmSync(work, { recursive: true, force: true });
  });

  it('answers the stored bytes with their validators, brotli when accepted', async () => {
    const res = await fetch(`${base}/`, { headers: { 'Accept-Encoding': 'identity' } });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe(HOME);
    expect(res.headers.get('etag')).toBe(store.get('/')!.etag);
    expect(res.headers.get('last-modified')).toBe(NOW.toUTCString());
    expect(res.headers.get('content-length')).toBe(String(Buffer.byteLength(HOME)));
    // fetch decodes what it is sent: a wrong variant would not read back as the page.
    const br = await fetch(`${base}/`, { headers: { 'Accept-Encoding': 'br' } });
    expect(br.headers.get('content-encoding')).toBe('br');
    expect(Number(br.headers.get('content-length'))).toBeLessThan(Buffer.byteLength(HOME) / 10);
    expect(await br.text()).toBe(HOME);
  });

  it('answers 304 to a matching If-None-Match, 308 to the unslashed page, and the 404 page with 404', async () => {
    const etag = store.get('/incidents/a/')!.etag;
    expect((await fetch(`${base}/incidents/a/`, { headers: { 'If-None-Match': etag } })).status).toBe(304);
    const moved = await fetch(`${base}/incidents/a?x=1`, { redirect: 'manual' });
    expect([moved.status, moved.headers.get('location')]).toEqual([308, '/incidents/a/?x=1']);
    const missing = await fetch(`${base}/nowhere/`);
    expect([missing.status, await missing.text()]).toEqual([404, '<p>none</p>']);
    const head = await fetch(`${base}/incidents/a/`, { method: 'HEAD', headers: { 'Accept-Encoding': 'identity' } });
    expect([head.status, head.headers.get('content-length')]).toEqual([200, '8']);
  });
});
