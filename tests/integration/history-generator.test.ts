import { asc, eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { seedDemoIfEmpty } from '../../api/core/commands/seed-demo.ts';
import { DEFAULT_STANDING_WINDOW, LEAD_TIME_POLICY } from '../../api/core/maintenance/index.ts';
import type { Db } from '../../db/client.ts';
import {
  components,
  incidentUpdateComponents,
  incidentUpdates,
  incidents,
  maintenances,
  notices,
} from '../../db/schema/index.ts';
import { generateHistory, INCIDENTS_PER_YEAR } from '../../scripts/bench/history.ts';
import { describeEachDatabase, truncateAll } from '../support/db.ts';

const NOW = new Date('2026-11-30T00:00:00Z');
const settings = {
  leadTimePolicy: LEAD_TIME_POLICY,
  standingWindow: DEFAULT_STANDING_WINDOW,
  serviceLevels: { updateIntervalMinutes: 30 },
};

/** What a reader of the history sees, without the random record ids. */
async function readHistory(db: Db) {
  const rows = await db
    .select({
      id: incidents.id,
      name: incidents.name,
      impact: incidents.impact,
      detectedAt: incidents.detectedAt,
      createdAt: incidents.createdAt,
    })
    .from(incidents)
    .orderBy(asc(incidents.createdAt), asc(incidents.name));
  const updates = await db
    .select({
      incidentId: incidentUpdates.incidentId,
      status: incidentUpdates.status,
      at: incidentUpdates.createdAt,
      component: components.name,
      componentStatus: incidentUpdateComponents.status,
    })
    .from(incidentUpdates)
    .leftJoin(incidentUpdateComponents, eq(incidentUpdateComponents.updateId, incidentUpdates.id))
    .leftJoin(components, eq(components.id, incidentUpdateComponents.componentId))
    .orderBy(asc(incidentUpdates.createdAt), asc(components.name));
  return rows.map(({ id, ...incident }) => ({
    ...incident,
    updates: updates.filter((u) => u.incidentId === id).map(({ incidentId: _, ...u }) => u),
  }));
}

describeEachDatabase('the bench history generator', ({ database }) => {
  async function generate(seed: number, years = 0.1) {
    await truncateAll(database());
    const db = database().db;
    await seedDemoIfEmpty({ db, now: new Date('2025-01-01T00:00:00Z') });
    const counts = await generateHistory({ db, years, seed, now: NOW, settings, concurrency: 3 });
    return { counts, history: await readHistory(db) };
  }

  it('writes the same incidents, updates and component statuses from the same seed, and others from another', async () => {
    const first = await generate(7);
    const second = await generate(7);
    expect(second.counts).toEqual(first.counts);
    expect(second.history).toEqual(first.history);
    const other = await generate(8);
    expect(other.history.map((i) => i.name)).not.toEqual(first.history.map((i) => i.name));
  });

  it('writes a quarter of the yearly incidents with about three updates each, all resolved, plus monthly windows, maintenance and notices', async () => {
    const { counts, history } = await generate(1, 0.25);
    const db = database().db;
    expect(history.length).toBe(counts.incidents);
    expect(counts.incidents).toBeGreaterThan(INCIDENTS_PER_YEAR * 0.25 * 0.95);
    expect(counts.updates / counts.incidents).toBeGreaterThan(2.7);
    expect(counts.updates / counts.incidents).toBeLessThan(3.5);
    // Every incident is over: its last post resolves it and clears every component it touched.
    for (const i of history) {
      const last = i.updates.at(-1)!;
      expect(last.status, i.name).toBe('resolved');
      expect(i.updates.filter((u) => u.at.getTime() === last.at.getTime()).map((u) => u.componentStatus)).not.toContain(
        'major_outage',
      );
      expect(i.detectedAt.getTime()).toBeLessThanOrEqual(i.createdAt.getTime());
    }
    // Spread over the whole quarter, across most of the eleven components.
    const span = history.at(-1)!.createdAt.getTime() - history[0]!.createdAt.getTime();
    expect(span).toBeGreaterThan(80 * 86_400_000);
    expect(new Set(history.flatMap((i) => i.updates.map((u) => u.component))).size).toBeGreaterThanOrEqual(10);
    const standing = await db
      .select({ id: maintenances.id })
      .from(maintenances)
      .where(eq(maintenances.seriesId, 'monthly'));
    // Three past months and the six-month horizon beyond them.
    expect(standing.length).toBeGreaterThanOrEqual(9);
    expect((await db.select({ id: maintenances.id }).from(maintenances)).length).toBe(counts.maintenances);
    expect((await db.select({ id: notices.id }).from(notices)).length).toBe(counts.notices);
    expect(counts.notices).toBeGreaterThan(0);
  });
});
