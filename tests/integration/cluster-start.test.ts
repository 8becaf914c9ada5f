import { count } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { DEMO_CATALOGUE, seedDemoIfEmpty } from '../../api/core/commands/seed-demo.ts';
import { components } from '../../db/schema/index.ts';
import { describeEachDatabase } from '../support/db.ts';

describeEachDatabase('instances starting together on one database', ({ database }) => {
  it('seed the demo catalogue once, not once each', async () => {
    const now = new Date('2026-11-30T10:00:00+09:00');
    const seeded = await Promise.all([1, 2, 3].map(() => seedDemoIfEmpty({ db: database().db, now })));
    expect(seeded.filter(Boolean)).toHaveLength(1);
    const [row] = await database().db.select({ n: count() }).from(components);
    expect(row?.n).toBe(DEMO_CATALOGUE.reduce((n, g) => n + g.components.length, 0));
  });
});
