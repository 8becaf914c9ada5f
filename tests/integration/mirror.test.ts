import { createServer, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSiteModel } from '../../api/core/queries/site-model.ts';
import { type Mirror, startMirror } from '../../api/mirror/mirror.ts';
import { exportPath } from '../../api/publish/export-files.ts';
import { createPublisher } from '../../api/publish/publisher.ts';
import { loadAstroRenderer } from '../../api/publish/renderer.ts';
import { type Encoding, FileStore, type Generation } from '../../api/publish/store.ts';
import type { Database } from '../../db/client.ts';
import { apiFor, json } from '../support/api.ts';
import { openTestDatabase } from '../support/db.ts';
import { mirrorConfigFromEnv } from '../../api/server/mirror-config.ts';
import { publishLimits, settingsFrom } from '../support/settings.ts';
import { startS3 } from './mirror-s3-server.ts';

// Needs the built site (scripts/test.sh runs `astro build` first).
const MORNING = new Date('2026-11-24T10:00:00+09:00');
const STATE = '.shirase-mirror.json';
/** Short backoff: the tests wait for the retries, not for production's seconds. */
const RETRY = { minMs: 20, maxMs: 200 };
const SUFFIX: Record<Encoding, string> = { identity: '', gzip: '.gz', br: '.br' };

/** What a bucket can serve as the server does: not the pages the server answers 404, but the error document. */
const mirroredFiles = <F extends { path: string; status: number }>(files: F[]) =>
  files.filter((f) => f.status === 200 || f.path === '/404.html');

/** Every key the bucket should hold for the store's current generation, with what it must hold. */
function expectedObjects(store: FileStore) {
  return mirroredFiles(store.all()).flatMap((file) =>
    (['identity', 'gzip', 'br'] as const)
      .filter((e) => e === 'identity' || file[e])
      .map((encoding) => ({ key: exportPath(file.path)! + SUFFIX[encoding], file, encoding })),
  );
}

/** The keys whose object differs between two generations (bytes, type or caching), variants included. */
function changedKeys(before: Generation, after: Generation): string[] {
  const old = new Map(before.files.map((f) => [f.path, f]));
  return mirroredFiles(after.files)
    .filter((f) => {
      const o = old.get(f.path);
      return !o || o.hash !== f.hash || o.contentType !== f.contentType || o.cacheControl !== f.cacheControl;
    })
    .flatMap((f) => {
      const key = exportPath(f.path)!;
      return [key, ...(f.gzip ? [`${key}.gz`] : []), ...(f.br ? [`${key}.br`] : [])];
    })
    .sort();
}

describe('the mirror to S3-compatible object storage', () => {
  let database: Database;
  let s3: Awaited<ReturnType<typeof startS3>>;
  let store: FileStore;
  let publisher: ReturnType<typeof createPublisher>;
  let api: ReturnType<typeof apiFor>;
  let mirror: Mirror;
  const log: string[] = [];
  let now = MORNING;

  beforeAll(async () => {
    [database, s3] = await Promise.all([openTestDatabase('pglite'), startS3()]);
    store = new FileStore();
    publisher = createPublisher({
      limits: publishLimits,
      loadModel: (at) => loadSiteModel({ db: database.db, now: at }),
      render: await loadAstroRenderer(),
      store,
      settings: settingsFrom(),
      now: () => now,
    });
    api = apiFor(database, { now });
    mirror = startMirror({ config: s3.config('status'), store, log: (l) => log.push(l), retry: RETRY });
  });
  afterAll(async () => {
    await mirror?.close(1000);
    await s3?.stop();
    await database?.close();
  });

  /** Hands the API's writes to the publisher, and waits until the site and then the bucket have them. */
  async function published(m: Mirror = mirror) {
    for (const change of api.changes.splice(0)) publisher.notify(change);
    await publisher.idle();
    await store.settled();
    await m.idle();
  }

  function later(minutes: number) {
    now = new Date(now.getTime() + minutes * 60_000);
    api.setNow(now);
  }

  /** Lists and reads every object: the bucket holds exactly the site's files, each as served. */
  async function expectBucketEqualsSite() {
    const expected = expectedObjects(store);
    expect(await s3.keys('status/')).toEqual([...expected.map((o) => `status/${o.key}`), `status/${STATE}`].sort());
    for (const { key, file, encoding } of expected) {
      const got = await s3.get(`status/${key}`);
      expect({ key, bytes: got.body.equals(await store.read(file, encoding)) }).toEqual({ key, bytes: true });
      expect({ key, type: got.contentType, cache: got.cacheControl, encoding: got.contentEncoding }).toEqual({
        key,
        type: file.contentType,
        cache: file.cacheControl,
        encoding: encoding === 'identity' ? undefined : encoding,
      });
    }
  }

  let componentId: string;
  let incidentIds: string[] = [];

  it('holds exactly the published site after a burst of writes and a deletion: keys, bytes, types, caching and variants', async () => {
    componentId = (await json(api.post('/api/v1/components', { name: '請求書', name_en: 'Invoices' }))).id;
    await publisher.publishAll();
    const burst = ['請求書の遅延', '送信エラー', 'ログインできない'].map((name, i) =>
      json(
        api.post('/api/v1/incidents', {
          name,
          name_en: `Incident ${i}`,
          body: '調査中です',
          components: { [componentId]: 'partial_outage' },
        }),
      ),
    );
    incidentIds = (await Promise.all(burst)).map((i) => i.id as string);
    await published();
    const gone = incidentIds[1]!;
    expect(await s3.keys(`status/incidents/${gone}/`)).toContain(`status/incidents/${gone}/index.html`);

    later(5);
    await api.send('DELETE', `/api/v1/incidents/${gone}`, { reason: '誤って作成したため' });
    await published();
    // The server answers the deleted incident's address 404; the bucket leaves it to its error document.
    expect(store.get(`/incidents/${gone}/`)?.status).toBe(404);
    expect(await s3.keys(`status/incidents/${gone}/`)).toEqual([]);
    expect(await s3.keys(`status/en/incidents/${gone}/`)).toEqual([]);
    await expectBucketEqualsSite();
    // The pages, their variants and the 404 page as the DR export lays them out.
    const keys = await s3.keys('status/');
    expect(keys).toEqual(expect.arrayContaining(['status/index.html', 'status/index.html.br', 'status/index.html.gz']));
    expect(keys).toContain('status/404.html');
    expect((await s3.get('status/404.html')).contentType).toBe('text/html; charset=utf-8');
    const status = mirror.status();
    expect(status.mirroredPublishedAt).toEqual(new Date(store.generation()!.publishedAt));
    expect(status.latestPublishedAt).toEqual(status.mirroredPublishedAt);
    expect(status.failures).toBe(0);
    expect(status.deletions).toBeGreaterThan(0);
  });

  it('uploads only the files a publish changed, and the record of what the bucket holds', async () => {
    const before = store.generation()!;
    const putsBefore = s3.puts().length;
    later(5);
    await api.post(`/api/v1/incidents/${incidentIds[0]}/updates`, { status: 'identified', body: '原因を特定しました' });
    await published();
    const after = store.generation()!;
    expect(after.id).not.toBe(before.id);
    const puts = s3.puts().slice(putsBefore);
    const expected = [...changedKeys(before, after).map((k) => `/site/status/${k}`), `/site/status/${STATE}`].sort();
    expect(puts.sort()).toEqual(expected);
    expect(puts.length).toBeLessThan(expectedObjects(store).length / 2);
    await expectBucketEqualsSite();
  });

  it('keeps publishing while the bucket is down, counts and logs the failure once a pass, and catches up once it is back', async () => {
    await s3.down();
    const failuresBefore = mirror.status().failures;
    later(5);
    const incident = await json(
      api.post('/api/v1/incidents', { name: '障害', name_en: 'Outage', body: '調査中です', components: {} }),
    );
    for (const change of api.changes.splice(0)) publisher.notify(change);
    // The publish completes and is served whatever the bucket does.
    await publisher.idle();
    await store.settled();
    expect(store.get(`/incidents/${incident.id}/`)?.status).toBe(200);
    await expect.poll(() => mirror.status().failures, { timeout: 10_000 }).toBeGreaterThan(failuresBefore + 1);
    expect(mirror.status().mirroredPublishedAt).not.toEqual(new Date(store.generation()!.publishedAt));
    const failedLines = log.filter((l) => l.includes('could not be mirrored'));
    expect(failedLines.length).toBeGreaterThan(1);
    expect(failedLines[0]).toMatch(
      /^mirror: generation \S+ could not be mirrored to s3:\/\/site\/status at http:\/\/127/,
    );
    // The secret of MIRROR_S3_URL never reaches the log.
    expect(log.join('\n')).not.toContain('S3RVER');

    await s3.up();
    await expect
      .poll(() => mirror.status().mirroredPublishedAt?.getTime(), { timeout: 10_000 })
      .toBe(new Date(store.generation()!.publishedAt).getTime());
    await mirror.idle();
    await expectBucketEqualsSite();
  });

  it('after a restart, uploads only what was published while it was away', async () => {
    await mirror.close(1000);
    const before = store.generation()!;
    later(5);
    await api.post(`/api/v1/incidents/${incidentIds[2]}/updates`, { status: 'resolved', body: '復旧しました' });
    await published();
    const after = store.generation()!;
    const putsBefore = s3.puts().length;
    mirror = startMirror({ config: s3.config('status'), store, log: (l) => log.push(l), retry: RETRY });
    await mirror.idle();
    const expected = [...changedKeys(before, after).map((k) => `/site/status/${k}`), `/site/status/${STATE}`].sort();
    expect(s3.puts().slice(putsBefore).sort()).toEqual(expected);
    await expectBucketEqualsSite();

    // And once more with nothing new: nothing is uploaded at all.
    await mirror.close(1000);
    const putsThen = s3.puts().length;
    mirror = startMirror({ config: s3.config('status'), store, log: (l) => log.push(l), retry: RETRY });
    await mirror.idle();
    expect(s3.puts().slice(putsThen)).toEqual([]);
  });

  it('without a readable record of the bucket, lists it: uploads every file and deletes what the site does not publish', async () => {
    await mirror.close(1000);
    await s3.put(`status/${STATE}`, 'not json');
    await s3.put('status/old-page/index.html', 'a page of an older site');
    await s3.put('status/index.html', 'changed by hand');
    mirror = startMirror({ config: s3.config('status'), store, log: (l) => log.push(l), retry: RETRY });
    await mirror.idle();
    expect(log.join('\n')).toContain(`mirror: status/${STATE} in s3://site/status at ${s3.endpoint} is unreadable`);
    await expectBucketEqualsSite();
  });
});

describe('generations that arrive during an upload', () => {
  it('coalesce: the next pass mirrors only the newest', async () => {
    const s3 = await startS3();
    const log: string[] = [];
    const store = new FileStore();
    const commit = (n: number) =>
      store.commit(
        [
          { path: '/', contentType: 'text/html; charset=utf-8', body: Buffer.from(`<p>version ${n}</p>`) },
          { path: `/only-in-${n}.txt`, contentType: 'text/plain; charset=utf-8', body: Buffer.from(`${n}`) },
        ],
        new Date(MORNING.getTime() + n * 60_000),
        [`/only-in-${n - 1}.txt`],
      );
    let mirror: Mirror | undefined;
    try {
      await commit(1);
      const release = s3.hold();
      mirror = startMirror({ config: s3.config(), store, log: (l) => log.push(l), retry: RETRY });
      // The first pass is under way (its first request waits at the bucket) while three more are published.
      await expect.poll(() => s3.requests.length, { timeout: 10_000 }).toBeGreaterThan(0);
      for (const n of [2, 3, 4]) await commit(n);
      await store.settled();
      release();
      await mirror.idle();
      expect(s3.puts().filter((k) => /only-in-[23]/.test(k))).toEqual([]);
      expect(await s3.keys()).toEqual([STATE, 'index.html', 'only-in-4.txt']);
      expect((await s3.get('index.html')).body.toString()).toBe('<p>version 4</p>');
      const mirrored = log.filter((l) => l.includes(' is in ')).map((l) => /generation (\S+)/.exec(l)![1]);
      expect(mirrored.at(-1)).toBe(store.generation()!.id);
      expect(mirrored.length).toBeLessThanOrEqual(2);
    } finally {
      await mirror?.close(1000);
      await s3.stop();
    }
  });
});

describe('an instance that opened an older copy of the site', () => {
  it('leaves the newer generation another instance mirrored alone', async () => {
    const s3 = await startS3();
    const page = (text: string) => [
      { path: '/', contentType: 'text/html; charset=utf-8', body: Buffer.from(`<p>${text}</p>`) },
    ];
    const mirrors: Mirror[] = [];
    try {
      const publisher = new FileStore();
      await publisher.commit(page('older'), MORNING);
      const stale = new FileStore();
      await stale.commit(page('older'), MORNING);
      await publisher.commit(page('newer'), new Date(MORNING.getTime() + 60_000));
      mirrors.push(startMirror({ config: s3.config(), store: publisher, log: () => {}, retry: RETRY }));
      await mirrors[0]!.idle();
      const puts = s3.puts().length;
      mirrors.push(startMirror({ config: s3.config(), store: stale, log: () => {}, retry: RETRY }));
      await mirrors[1]!.idle();
      expect(s3.puts().slice(puts)).toEqual([]);
      expect((await s3.get('index.html')).body.toString()).toBe('<p>newer</p>');
    } finally {
      for (const m of mirrors) await m.close(1000);
      await s3.stop();
    }
  });
});

describe('closing the mirror', () => {
  it('abandons a request the bucket never answers, rather than waiting for it', async () => {
    // A host that accepts connections and never answers: the mirror's first request hangs there.
    const sockets = new Set<Socket>();
    const silent = createServer((socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => {});
      // Reads (and drops) the request, so that the client's hanging up is seen.
      socket.resume();
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const endpoint = `http://127.0.0.1:${(silent.address() as { port: number }).port}`;
    try {
      const store = new FileStore();
      await store.commit(
        [{ path: '/', contentType: 'text/html; charset=utf-8', body: Buffer.from('<p>ok</p>') }],
        MORNING,
      );
      const config = mirrorConfigFromEnv({ MIRROR_S3_URL: `s3://k:s@site?endpoint=${endpoint}&path_style=1` })!;
      const hanging = startMirror({ config, store, log: () => {}, retry: RETRY });
      await expect.poll(() => sockets.size, { timeout: 10_000 }).toBeGreaterThan(0);
      // A step far longer than the test's own limit: the close only returns in time by aborting.
      await hanging.close(10 * 60_000);
      await expect.poll(() => sockets.size, { timeout: 10_000 }).toBe(0);
      expect(hanging.status().failures).toBe(0);
    } finally {
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });
});
