import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { currentGeneration } from '../../api/server/cluster-published.ts';
import type { Generation } from '../../api/server/cluster-types.ts';
import { sql } from 'drizzle-orm';
import { type Database, openDatabase } from '../../db/client.ts';
import { publishedGenerations, publishedObjects } from '../../db/schema/index.ts';
import { withDatabase } from '../support/global-setup.ts';
import { operatorApi } from '../support/http.ts';
import { startServer } from '../support/server.ts';

const base = inject('postgresUrl');
/** How much later than the publisher the other instance may serve a write: told at once, installed in seconds. */
const SHARED_WITHIN_MS = 5_000;
if (!base && process.env.SHIRASE_REQUIRE_POSTGRES === '1')
  throw new Error('TEST_POSTGRES_URL is not set, but PostgreSQL is required for this run');

type Instance = Awaited<ReturnType<typeof startServer>> & { dataDir: string };

/** What a reader (or a CDN revalidating) sees of one file. */
async function seen(url: string) {
  const res = await fetch(url, { headers: { 'Accept-Encoding': 'identity' } });
  const body = Buffer.from(await res.arrayBuffer());
  return { status: res.status, etag: res.headers.get('etag'), lastModified: res.headers.get('last-modified'), body };
}

/** Resolves with how long `ok` took to hold; fails after `ms` with the last thing it saw. */
async function until<T>(
  probe: () => Promise<T>,
  ok: (seen: T) => boolean,
  ms: number,
  context: () => string = () => '',
): Promise<number> {
  const started = performance.now();
  let last: T | undefined;
  while (performance.now() - started < ms) {
    last = await probe();
    if (ok(last)) return performance.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(
    `not reached within ${ms} ms; last seen: ${JSON.stringify(last, (_, v) => (v?.type === 'Buffer' ? `<${v.data.length} bytes>` : v))}${context()}`,
  );
}

(base ? describe : describe.skip)(
  `two instances on one PostgreSQL serve one site${base ? '' : ' [no TEST_POSTGRES_URL, skipped]'}`,
  () => {
    const name = `shirase_t_${randomBytes(6).toString('hex')}`;
    const url = withDatabase(base, name);
    let database: Database;
    const instances: Instance[] = [];
    const folders: string[] = [];

    async function start(dataDir?: string): Promise<Instance> {
      const dir = dataDir ?? mkdtempSync(path.join(tmpdir(), 'shirase-cluster-'));
      if (!dataDir) folders.push(dir);
      const server = await startServer(
        {
          DATABASE_URL: url,
          DATA_DIR: dir,
          // The same settings on every instance, as behind one load balancer.
          SITE_URL: 'https://status.example.test',
        },
        { clock: '2026-11-30T10:00:00+09:00' },
      );
      const instance = { ...server, dataDir: dir };
      instances.push(instance);
      return instance;
    }
    const isPublisher = (i: Instance) => /this instance is the publisher now/.test(i.output());

    const logs = (pair: Instance[]) => pair.map((i) => `\n--- ${i.url}:\n${i.output()}`).join('');

    /**
     * Waits until both answer `p` with the same bytes, ETag and Last-Modified, the bytes containing
     * `text`; returns when the first one served it and when both did (ms from now).
     */
    async function sameOnBoth(pair: Instance[], p: string, text: string) {
      const started = performance.now();
      let first: number | null = null;
      const both = await until(
        async () => {
          const answers = await Promise.all(pair.map((i) => seen(i.url + p)));
          if (first === null && answers.some((a) => a.body.includes(text))) first = performance.now() - started;
          return answers;
        },
        ([a, b]) =>
          a!.status === 200 &&
          a!.body.includes(text) &&
          a!.etag === b!.etag &&
          a!.lastModified === b!.lastModified &&
          a!.body.equals(b!.body),
        10_000,
        () => logs(pair),
      );
      return { first: first ?? both, both };
    }

    /** Every file of the database's current generation is served by `i` with its ETag and Last-Modified. */
    async function servesWhole(i: Instance, gen: Generation) {
      const wrong: string[] = [];
      for (const f of gen.files) {
        const s = await seen(i.url + f.path);
        if (
          s.status !== f.status ||
          s.etag !== `"${f.hash}"` ||
          s.lastModified !== new Date(f.lastModified).toUTCString()
        )
          wrong.push(`${f.path}: ${s.status} ${s.etag} ${s.lastModified}`);
      }
      expect(wrong, `files of generation ${gen.id} served otherwise`).toEqual([]);
    }

    /** Objects in the database that no generation names: uploaded by a publish that has not switched (yet). */
    async function orphans(): Promise<number> {
      const rows = await database.db
        .select({ hash: publishedObjects.hash })
        .from(publishedObjects)
        .where(
          sql`not exists (select 1 from ${publishedGenerations} g where ${publishedObjects.hash} = any(g.hashes))`,
        );
      return rows.length;
    }

    beforeAll(async () => {
      const { default: pg } = await import('pg');
      const admin = new pg.Client({ connectionString: base });
      await admin.connect();
      await admin.query(`CREATE DATABASE ${name} TEMPLATE ${inject('postgresTemplate')}`);
      await admin.end();
      database = await openDatabase({ kind: 'postgres', url });
      // One after the other: the first seeds the demo catalogue and publishes; the second finds both done.
      await start();
      await start();
    });

    afterAll(async () => {
      await Promise.all(instances.map((i) => i.stop()));
      await database?.close();
      for (const dir of folders) rmSync(dir, { recursive: true, force: true });
      const { default: pg } = await import('pg');
      const admin = new pg.Client({ connectionString: base });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    });

    it('exactly one instance publishes, and the other serves what it published from the start', async () => {
      const [a, b] = instances;
      expect([a!, b!].map(isPublisher), 'which instance publishes, in the order they started').toEqual([true, false]);
      const gen = await currentGeneration(database.db);
      expect(gen).not.toBeNull();
      await servesWhole(b!, gen!);
    });

    it('a write to either instance is served by both with the same ETag and Last-Modified within seconds of the publisher', async () => {
      const pair = instances.slice(0, 2);
      const times: string[] = [];
      for (const [n, writer] of [...pair].reverse().entries()) {
        const title = `cluster write ${n} via ${isPublisher(writer) ? 'the publisher' : 'the other instance'}`;
        const started = performance.now();
        const created = await operatorApi(writer.url).post('/api/v1/incidents', {
          name: title,
          body: 'Investigating.',
          components: {},
        });
        expect(created.status).toBe(201);
        const answered = performance.now() - started;
        const home = await sameOnBoth(pair, '/', title);
        const summary = await sameOnBoth(pair, '/api/v2/summary.json', title);
        times.push(
          `${title}: answered ${Math.round(answered)} ms, first instance serves it ${Math.round(answered + home.first)} ms, both ${Math.round(answered + home.both)} ms`,
        );
        // The publish itself (rendering) is the single-instance figure; what several instances add
        // is the sharing: upload, switch, NOTIFY, install, 100-500 ms on a quiet machine. The bound
        // says the other instance is told (NOTIFY), not left to find out later; it is not a speed
        // figure: two clean suite runs on a loaded two-core machine read 1,574 and 1,707 ms.
        expect(home.both - home.first, times.join('; ')).toBeLessThan(SHARED_WITHIN_MS);
        expect(summary.both - summary.first, times.join('; ')).toBeLessThan(SHARED_WITHIN_MS);
      }
      console.log(`write → both instances serve it: ${times.join('; ')}`);
    });

    it('killing the publishing instance after it uploaded part of a publish leaves a whole site, and the other takes over', async () => {
      const publisher = instances.find(isPublisher)!;
      const other = instances.find((i) => i !== publisher)!;
      const before = (await currentGeneration(database.db))!;
      // Holding the generations table makes the publisher wait at its switch, its objects uploaded:
      // the kill lands exactly between the two, whatever the machine's speed.
      const { default: pg } = await import('pg');
      const blocker = new pg.Client({ connectionString: url });
      let killedAt = 0;
      await blocker.connect();
      await blocker.query('begin; lock table published_generations in exclusive mode');
      try {
        const created = await operatorApi(publisher.url).post('/api/v1/incidents', {
          name: 'written just before the publisher died',
          body: 'Investigating.',
          components: {},
        });
        expect(created.status).toBe(201);
        await until(
          orphans,
          (n) => n > 0,
          10_000,
          () => logs([publisher]),
        );
        publisher.child.kill('SIGKILL');
        await new Promise((resolve) => publisher.child.once('exit', resolve));
        killedAt = performance.now();
        instances.splice(instances.indexOf(publisher), 1);

        // The uploaded objects changed nothing: the current generation is whole, and the other serves it.
        expect((await currentGeneration(database.db))!.id).toBe(before.id);
        await servesWhole(other, before);
      } finally {
        await blocker.query('rollback');
        await blocker.end();
      }

      await until(
        async () => isPublisher(other),
        (yes) => yes,
        5_000,
        () => logs([other]),
      );
      const tookOver = performance.now() - killedAt;
      // The write the dead publisher never made current is published by the new one.
      let after: Generation | null = null;
      await until(
        async () => (after = await currentGeneration(database.db)),
        (g) => g !== null && g.id !== before.id,
        10_000,
        () => logs([other]),
      );
      await until(
        () => seen(`${other.url}/`),
        (s) => s.body.includes('written just before the publisher died'),
        10_000,
        () => logs([other]),
      );
      await servesWhole(other, after!);
      // What the dead one uploaded and nothing names is gone with that switch.
      expect(await orphans()).toBe(0);

      // The killed instance comes back on its own disk copy, installs the current generation and
      // serves exactly what the other does.
      const back = await start(publisher.dataDir);
      expect(isPublisher(back)).toBe(false);
      await servesWhole(back, (await currentGeneration(database.db))!);
      console.log(`the other instance took over ${Math.round(tookOver)} ms after the kill`);
    });

    it('a publisher stopped on purpose hands over, and its writes keep reaching the site', async () => {
      const publisher = instances.find(isPublisher)!;
      const other = instances.find((i) => i !== publisher)!;
      await publisher.stop();
      expect(publisher.child.exitCode, publisher.output()).toBe(0);
      instances.splice(instances.indexOf(publisher), 1);
      await until(
        async () => isPublisher(other),
        (yes) => yes,
        5_000,
        () => logs([other]),
      );
      const created = await operatorApi(other.url).post('/api/v1/incidents', {
        name: 'written after the handover',
        body: 'Investigating.',
        components: {},
      });
      expect(created.status).toBe(201);
      await until(
        () => seen(`${other.url}/`),
        (s) => s.body.includes('written after the handover'),
        10_000,
        () => logs([other]),
      );
    });
  },
);
