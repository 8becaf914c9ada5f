import { randomBytes } from 'node:crypto';
import { count } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DEMO_CATALOGUE, seedDemoIfEmpty } from '../../api/core/commands/seed-demo.ts';
import { openDatabase } from '../../db/client.ts';
import { components } from '../../db/schema/index.ts';
import { describeEachDatabase } from '../support/db.ts';
import { withDatabase } from '../support/global-setup.ts';

describeEachDatabase('instances starting together on one database', ({ database }) => {
  it('seed the demo catalogue once, not once each', async () => {
    const now = new Date('2026-11-30T10:00:00+09:00');
    const seeded = await Promise.all([1, 2, 3].map(() => seedDemoIfEmpty({ db: database().db, now })));
    expect(seeded.filter(Boolean)).toHaveLength(1);
    const [row] = await database().db.select({ n: count() }).from(components);
    expect(row?.n).toBe(DEMO_CATALOGUE.reduce((n, g) => n + g.components.length, 0));
  });
});

const base = inject('postgresUrl');
(base ? describe : describe.skip)(
  `instances starting together on one empty PostgreSQL${base ? '' : ' [no TEST_POSTGRES_URL, skipped]'}`,
  () => {
    const name = `shirase_t_${randomBytes(6).toString('hex')}`;
    const admin = async (statement: string) => {
      const { default: pg } = await import('pg');
      const client = new pg.Client({ connectionString: base });
      await client.connect();
      await client.query(statement);
      await client.end();
    };
    beforeAll(() => admin(`CREATE DATABASE ${name}`));
    afterAll(() => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));

    it('both apply the migrations: the second waits for the first instead of failing on a table it created', async () => {
      const url = withDatabase(base, name);
      const databases = await Promise.all([1, 2, 3].map(() => openDatabase({ kind: 'postgres', url })));
      try {
        const outcomes = await Promise.allSettled(databases.map((d) => d.migrate()));
        expect(outcomes.map((o) => (o.status === 'rejected' ? String(o.reason) : o.status))).toEqual([
          'fulfilled',
          'fulfilled',
          'fulfilled',
        ]);
        await expect(
          seedDemoIfEmpty({ db: databases[0]!.db, now: new Date('2026-11-18T10:00:00+09:00') }),
        ).resolves.toBe(true);
      } finally {
        await Promise.all(databases.map((d) => d.close()));
      }
    });
  },
);
