import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Publisher } from '../../api/publish/publisher.ts';
import { FileStore } from '../../api/publish/store.ts';
import { type Cluster, PUBLISHER_LOCK_KEY, startCluster } from '../../api/server/cluster.ts';
import { shareGeneration } from '../../api/server/cluster-published.ts';
import type { Generation } from '../../api/server/cluster-types.ts';
import { type Database, openDatabase } from '../../db/client.ts';
import { publishedObjects } from '../../db/schema/index.ts';
import { withDatabase } from '../support/global-setup.ts';

const base = inject('postgresUrl');
if (!base && process.env.SHIRASE_REQUIRE_POSTGRES === '1')
  throw new Error('TEST_POSTGRES_URL is not set, but PostgreSQL is required for this run');

/** Never called: the test holds the publisher lock, so the instance under test only follows. */
const notPublishing = new Proxy({} as Publisher, {
  get: (_, key) => {
    throw new Error(`a follower used its publisher (${String(key)})`);
  },
});

(base ? describe : describe.skip)(
  `an instance that does not publish${base ? '' : ' [no TEST_POSTGRES_URL, skipped]'}`,
  () => {
    const name = `shirase_t_${randomBytes(6).toString('hex')}`;
    const url = withDatabase(base, name);
    let database: Database;
    let cluster: Cluster | undefined;
    const admin = async (statement: string) => {
      const { default: pg } = await import('pg');
      const client = new pg.Client({ connectionString: base });
      await client.connect();
      await client.query(statement);
      await client.end();
    };
    beforeAll(async () => {
      await admin(`CREATE DATABASE ${name} TEMPLATE ${inject('postgresTemplate')}`);
      database = await openDatabase({ kind: 'postgres', url });
    });
    afterAll(async () => {
      await cluster?.stop();
      await database?.close();
      await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    });

    it('catches up with a generation it failed to install once the database can give it the bytes', async () => {
      const { default: pg } = await import('pg');
      const publisher = new pg.Client({ connectionString: url });
      await publisher.connect();
      await publisher.query('select pg_advisory_lock($1)', [PUBLISHER_LOCK_KEY]);
      const logs: string[] = [];
      try {
        const store = await FileStore.open({ dir: null, hotBytes: 1 << 20 });
        cluster = await startCluster({
          url,
          db: database.db,
          store,
          publisher: notPublishing,
          now: () => new Date('2026-11-30T10:00:00+09:00'),
          log: (line) => logs.push(line),
          connectTimeoutMs: 5_000,
          retryMs: 50,
        });
        expect(cluster.publishing()).toBe(false);

        const identity = Buffer.from('<h1>home</h1>');
        const hash = createHash('sha256').update(identity).digest('base64url').slice(0, 22);
        const gen: Generation = {
          id: 'g1',
          publishedAt: '2026-11-30T01:00:00.000Z',
          meta: {},
          files: [
            {
              path: '/',
              contentType: 'text/html; charset=utf-8',
              status: 200,
              hash,
              lastModified: '2026-11-30T01:00:00.000Z',
              cacheControl: 'public, max-age=30',
              gzip: false,
              br: false,
            },
          ],
        };
        // A switch to a generation whose bytes are not in the database (yet): the install fails.
        await shareGeneration(database.db, gen, async () => ({ identity, gzip: null, br: null }), {
          known: new Set([hash]),
        });
        await expect.poll(() => logs.join('\n'), { timeout: 5_000 }).toMatch(/could not install generation g1/);
        expect(store.generation()).toBeNull();

        await database.db.insert(publishedObjects).values({ hash, identity });
        await expect.poll(() => store.generation()?.id, { timeout: 5_000 }).toBe('g1');
        expect(await store.read(store.get('/')!, 'identity')).toEqual(identity);
      } finally {
        await publisher.end();
      }
    });
  },
);
