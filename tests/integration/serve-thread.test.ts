import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { basePriority } from '../../api/core/thread-priority.ts';
import { loadConfig } from '../../api/server/config.ts';
import { type Running, startShirase } from '../../api/server/main.ts';
import { E2E_TOKEN, operatorApi, waitForText } from '../support/http.ts';
import { html } from '../support/store-files.ts';
import { signUpFields } from '../support/subscribe.ts';
import { niceOf } from '../support/threads.ts';

const NOW = new Date('2026-11-02T03:04:05Z');
/** Bytes no compressor shrinks, and too large for the serving thread's hot memory: read from the packs each time. */
const opaque = (p: string, size: number, fill: number) => ({
  path: p,
  contentType: 'application/octet-stream',
  body: Buffer.alloc(size, fill),
});

// The production process with DATA_DIR on disk and its embedded database: reads are answered by the
// serving thread, the operator API by this one through the bridge.
describe('serving on a thread of its own (DATA_DIR on disk)', () => {
  let running: Running;
  let url: string;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'shirase-serve-thread-'));
    const config = loadConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dir,
      SEED_DEMO: 'catalogue',
      ADMIN_TOKEN: E2E_TOKEN,
      SITE_URL: 'https://status.example.jp',
      // The least allowed: a quarter of it for files other than the home pages, feeds and /api/v2.
      PUBLISH_HOT_BYTES: String(1024 * 1024),
    });
    running = await startShirase(config, () => {});
    url = running.url.replace('localhost', '127.0.0.1');
    await running.ready;
  }, 60_000);
  afterAll(async () => {
    await running?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers a page while the main thread is busy and cannot answer anything', () => {
    // spawnSync holds this (the main) thread until the child ends: only another thread can answer it.
    const child = spawnSync(
      process.execPath,
      [
        '-e',
        `fetch(${JSON.stringify(`${url}/api/v2/summary.json`)}).then(async (r) => console.log(r.status, (await r.json()).page.url))`,
      ],
      { encoding: 'utf8', timeout: 20_000 },
    );
    expect(child.stdout.trim()).toBe('200 https://status.example.jp');
  });

  it('leaves the serving thread the first claim on the CPU: V8’s garbage-collecting threads run 5 below it, as this (the main) thread does', () => {
    const threads = readdirSync('/proc/self/task').map((tid) => ({
      tid,
      name: readFileSync(`/proc/self/task/${tid}/comm`, 'utf8').trim(),
    }));
    const v8 = threads.filter((t) => t.name === 'V8Worker');
    expect(v8.length, 'V8’s platform threads, named V8Worker by Node').toBeGreaterThan(0);
    expect(
      v8.map((t) => niceOf(`/proc/self/task/${t.tid}/stat`)),
      'V8’s threads: lowered with the main thread',
    ).toEqual(v8.map(() => (basePriority ?? 0) + 5));
  });

  it('serves a commit as soon as it is made, with the ETag and bytes the store holds', async () => {
    await running.store.commit([html('/serve-thread/', 'first')], NOW);
    const first = await fetch(`${url}/serve-thread/`);
    expect([first.status, first.headers.get('etag'), await first.text()]).toEqual([
      200,
      running.store.get('/serve-thread/')!.etag,
      'first',
    ]);
    await running.store.commit([html('/serve-thread/', 'second')], NOW);
    const second = await fetch(`${url}/serve-thread/`, { headers: { 'If-None-Match': first.headers.get('etag')! } });
    expect([second.status, second.headers.get('etag'), await second.text()]).toEqual([
      200,
      running.store.get('/serve-thread/')!.etag,
      'second',
    ]);
    await running.store.commit([], NOW, ['/serve-thread/']);
    expect((await fetch(`${url}/serve-thread/`)).status).toBe(404);
  });

  it('still serves a file whose pack was emptied and deleted after the file was copied forward into a newer one', async () => {
    // The first pack holds a (300 KB) and b (600 KB); replacing b leaves it a third live, so the
    // next commit copies a forward; the one after retires the old b, the pack's last object.
    await running.store.commit([opaque('/kept.bin', 300_000, 1), opaque('/replaced.bin', 600_000, 2)], NOW);
    await running.store.commit([opaque('/replaced.bin', 600_000, 3)], NOW);
    await running.store.commit([opaque('/replaced.bin', 600_000, 4)], NOW);
    const kept = await fetch(`${url}/kept.bin`);
    expect(kept.status).toBe(200);
    expect(Buffer.from(await kept.arrayBuffer()).equals(Buffer.alloc(300_000, 1))).toBe(true);
  });

  it('takes writes through the bridge: a new incident is published, bad JSON and a body too large are refused', async () => {
    const api = operatorApi(url);
    const { components } = (await api.get('/api/v1/components')).body as { components: Array<{ id: string }> };
    const created = await api.send('POST', '/api/v1/incidents', {
      name: '橋を渡った障害',
      body: '調査中です。',
      components: { [components[0]!.id]: 'major_outage' },
    });
    expect(created.status).toBe(201);
    await waitForText(url, '/', '橋を渡った障害');
    const headers = { Authorization: `Bearer ${E2E_TOKEN}`, 'Content-Type': 'application/json' };
    const bad = await fetch(`${url}/api/v1/incidents`, { method: 'POST', headers, body: '{"name":' });
    expect([bad.status, bad.headers.get('content-type')]).toEqual([400, 'application/problem+json']);
    const large = await fetch(`${url}/api/v1/incidents`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ name: 'x'.repeat(1024 * 1024) }),
    });
    expect([large.status, large.headers.get('content-type')]).toEqual([413, 'application/problem+json']);
  });

  it('knows a client through the bridge: one address signing up too often is told to wait (429), as without the thread', async () => {
    const signUp = (i: number) =>
      fetch(`${url}/subscription/`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(signUpFields(`reader${i}@example.jp`)).toString(),
      });
    // The door's allowance per client: 20 sign-ups in ten minutes.
    const statuses: number[] = [];
    for (let i = 0; i < 21; i++) statuses.push((await signUp(i)).status);
    expect(statuses.slice(0, 20)).toEqual(Array(20).fill(303));
    expect(statuses[20]).toBe(429);
  });

  it('closes: the port stops answering and the process may end', async () => {
    await running.close();
    await expect(fetch(`${url}/`)).rejects.toThrow();
  });
});
