import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileStore } from '../../api/publish/store.ts';
import { serveStatic } from '../../api/server/static.ts';

const NOW = new Date('2026-11-24T01:00:00Z');
const LATER = new Date('2026-11-24T02:00:00Z');
const summary = (state: string) => Buffer.from(JSON.stringify({ state, pad: 'x'.repeat(2000) }));

describe('answering hot files', () => {
  let store: FileStore;
  let server: Server;
  let base = '';
  /** Whether each response had ended when serveStatic returned, in request order. */
  const endedInTick: boolean[] = [];
  /** Whether serveStatic returned a promise, in request order. */
  const promised: boolean[] = [];
  beforeAll(async () => {
    store = await FileStore.open({ dir: null, hotBytes: 1024 * 1024 });
    await store.commit(
      [
        { path: '/api/v2/summary.json', contentType: 'application/json', body: summary('operational') },
        { path: '/', contentType: 'text/html; charset=utf-8', body: Buffer.from(`<h1>home</h1>${'x'.repeat(2000)}`) },
      ],
      NOW,
    );
    server = createServer((req, res) => {
      promised.push(serveStatic(store, req, res) instanceof Promise);
      endedInTick.push(res.writableEnded);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await store.close();
  });

  it('answers a file held in memory before serveStatic returns, without waiting for a read', async () => {
    endedInTick.length = 0;
    const res = await fetch(`${base}/api/v2/summary.json`, { headers: { 'Accept-Encoding': 'br' } });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ state: 'operational' });
    expect(endedInTick).toEqual([true]);
  });

  it('makes no promise for a file held in memory, a HEAD, a 304 or a 404: it would cost more than the answer', async () => {
    promised.length = 0;
    const etag = store.get('/api/v2/summary.json')!.etag;
    const answers = await Promise.all([
      fetch(`${base}/api/v2/summary.json`),
      fetch(`${base}/api/v2/summary.json`, { method: 'HEAD', headers: { 'Accept-Encoding': 'br' } }),
      fetch(`${base}/api/v2/summary.json`, { headers: { 'If-None-Match': etag } }),
      fetch(`${base}/nowhere`),
    ]);
    expect(answers.map((r) => r.status)).toEqual([200, 200, 304, 404]);
    expect(promised).toEqual([false, false, false, false]);
  });

  it('sends each encoding its own headers, however often and in whichever order they are asked for', async () => {
    for (const round of [1, 2]) {
      const br = await fetch(`${base}/api/v2/summary.json`, { headers: { 'Accept-Encoding': 'gzip, br' } });
      const plain = await fetch(`${base}/api/v2/summary.json`, { headers: { 'Accept-Encoding': 'identity' } });
      const gz = await fetch(`${base}/api/v2/summary.json`, { headers: { 'Accept-Encoding': 'gzip, br;q=0' } });
      const etag = store.get('/api/v2/summary.json')!.etag;
      expect(
        [br, plain, gz].map((r) => r.headers.get('content-encoding')),
        `round ${round}`,
      ).toEqual(['br', null, 'gzip']);
      expect([br, plain, gz].map((r) => r.headers.get('etag'))).toEqual([
        `${etag.slice(0, -1)}-br"`,
        etag,
        `${etag.slice(0, -1)}-gz"`,
      ]);
      for (const r of [br, plain, gz]) {
        expect(r.headers.get('access-control-allow-origin')).toBe('*');
        expect(r.headers.get('content-security-policy')).toBeNull();
        expect(await r.json()).toMatchObject({ state: 'operational' });
      }
      expect(Number(plain.headers.get('content-length'))).toBe(summary('operational').length);
    }
    const home = await fetch(`${base}/`, { headers: { 'Accept-Encoding': 'br' } });
    expect(home.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(home.headers.get('access-control-allow-origin')).toBeNull();
    const notModified = await fetch(`${base}/api/v2/summary.json`, {
      headers: { 'Accept-Encoding': 'br', 'If-None-Match': store.get('/api/v2/summary.json')!.etag },
    });
    expect(notModified.status).toBe(304);
    expect(notModified.headers.get('content-type')).toBeNull();
    expect(notModified.headers.get('etag')).toBe(`${store.get('/api/v2/summary.json')!.etag.slice(0, -1)}-br"`);
  });

  it('sends the new validators and length once a publish changes the file', async () => {
    await fetch(`${base}/api/v2/summary.json`, { headers: { 'Accept-Encoding': 'identity' } });
    const changed = summary('major outage');
    await store.commit(
      [
        { path: '/api/v2/summary.json', contentType: 'application/json', body: changed },
        { path: '/', contentType: 'text/html; charset=utf-8', body: Buffer.from(`<h1>home</h1>${'x'.repeat(2000)}`) },
      ],
      LATER,
    );
    const res = await fetch(`${base}/api/v2/summary.json`, { headers: { 'Accept-Encoding': 'identity' } });
    expect(await res.json()).toMatchObject({ state: 'major outage' });
    expect(res.headers.get('etag')).toBe(store.get('/api/v2/summary.json')!.etag);
    expect(res.headers.get('last-modified')).toBe(LATER.toUTCString());
    expect(Number(res.headers.get('content-length'))).toBe(changed.length);
  });
});
