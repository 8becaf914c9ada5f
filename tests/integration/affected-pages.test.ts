import { beforeAll, expect, it } from 'vitest';
import type { Change } from '../../api/core/change.ts';
import { createIncident } from '../../api/core/commands/create-incident.ts';
import { postIncidentUpdate } from '../../api/core/commands/post-incident-update.ts';
import { seedDemoIfEmpty } from '../../api/core/commands/seed-demo.ts';
import { loadSiteModel } from '../../api/core/queries/site-model.ts';
import { HISTORY_PAGE_SIZE } from '../../api/publish/history-pages.ts';
import { loadAstroRenderer, type RenderFn } from '../../api/publish/renderer.ts';
import { affectedPageRoutes, allPageRoutes } from '../../api/publish/routes.ts';
import { pageLocalsFor } from '../../api/server/page-locals.ts';
import { describeEachDatabase } from '../support/db.ts';
import { settingsFrom } from '../support/settings.ts';

// Needs the built site (`astro build`).
const settings = settingsFrom();
const SEEDED = new Date('2026-08-01T00:00:00+09:00');
const NOW = new Date('2026-11-28T12:00:00+09:00');
const LATER = new Date('2026-11-28T12:30:00+09:00');
const intervalMinutes = settings.serviceLevels.updateIntervalMinutes;

/**
 * Every footer says when the site's data last changed, so every write would change every page:
 * the publisher leaves that line as it was on pages the write does not otherwise change.
 */
const withoutLastUpdated = (html: string) =>
  html.replace(/(<footer[^>]*><p>[^<]*)<time datetime="[^"]*">[^<]*<\/time>/, '$1<time>');

describeEachDatabase('the pages a write republishes', ({ database }) => {
  let render: RenderFn;
  beforeAll(async () => {
    render = await loadAstroRenderer({ inProcess: true });
  });

  /** Every page of the site as the database stands at `now`, by route. */
  async function site(now: Date) {
    const model = await loadSiteModel({ db: database().db, now });
    const locals = { ...pageLocalsFor(settings), model, settings };
    const pages = new Map<string, string>();
    for (const route of allPageRoutes(model)) {
      const out = await render(route === '/404.html' ? '/404' : route, locals);
      pages.set(route, withoutLastUpdated(out.body.toString('utf8')));
    }
    return { model, pages };
  }

  /** The routes whose page is new, gone, or reads differently. */
  function changedBetween(before: Map<string, string>, after: Map<string, string>): string[] {
    const routes = new Set([...before.keys(), ...after.keys()]);
    return [...routes].filter((r) => before.get(r) !== after.get(r)).sort();
  }

  const incident = async (at: Date, status: 'investigating' | 'resolved', components: string[]) =>
    (
      await createIncident({
        db: database().db,
        now: at,
        input: {
          name: `障害 ${at.toISOString()}`,
          body: '調査しています。',
          status,
          components: Object.fromEntries(components.map((c) => [c, 'partial_outage'])),
        },
        intervalMinutes,
      })
    ).id;

  it('are exactly the pages a new incident changes, and then its resolution, history pages shifting included', async () => {
    const db = database().db;
    await seedDemoIfEmpty({ db, now: SEEDED });
    const [first, second] = (await loadSiteModel({ db, now: SEEDED })).components.map((c) => c.id);
    // Months before, and a month of more than a history page, so that a new incident pushes one onto the next page.
    for (const [month, count] of [
      ['09', 3],
      ['10', 2],
      ['11', HISTORY_PAGE_SIZE],
    ] as const)
      for (let n = 0; n < count; n++)
        await incident(new Date(Date.parse(`2026-${month}-02T00:00:00+09:00`) + n * 60_000), 'resolved', [first!]);
    const before = await site(NOW);

    const id = await incident(NOW, 'investigating', [first!, second!]);
    const after = await site(NOW);
    const changes: Change[] = [{ kind: 'incident', id }];
    const affected = affectedPageRoutes(changes, after.model);
    const changed = changedBetween(before.pages, after.pages);
    expect(changed).toContain(`/incidents/${id}/`);
    expect(changed).toContain('/history/2026-11/2/');
    // Exactly those: a page left out would go stale, one more is rendered for nothing.
    expect([...affected].sort()).toEqual(changed);

    await postIncidentUpdate({
      db,
      now: LATER,
      incidentId: id,
      input: { status: 'resolved', body: '復旧しました。' },
      intervalMinutes,
    });
    const resolved = await site(LATER);
    const resolvedChanged = changedBetween(after.pages, resolved.pages);
    expect(resolvedChanged).toContain(`/en/incidents/${id}/`);
    // Every one of them; and the later pages of its month too, which a new incident would shift (a publish cannot tell).
    const resolvedAffected = affectedPageRoutes([{ kind: 'incident', id }], resolved.model);
    expect(resolvedChanged.filter((r) => !resolvedAffected.includes(r))).toEqual([]);
    expect(resolvedAffected.filter((r) => !resolvedChanged.includes(r)).sort()).toEqual([
      '/en/history/2026-11/2/',
      '/history/2026-11/2/',
    ]);
  });

  it('include every history page when the clock passes into a new month, whose own page is new', async () => {
    const db = database().db;
    await seedDemoIfEmpty({ db, now: SEEDED });
    const [first] = (await loadSiteModel({ db, now: SEEDED })).components.map((c) => c.id);
    await incident(new Date('2026-10-05T09:00:00+09:00'), 'resolved', [first!]);
    await incident(new Date('2026-11-05T09:00:00+09:00'), 'resolved', [first!]);
    const before = await site(new Date('2026-11-30T23:30:00+09:00'));
    // The publish clock's wake at the start of the JST day, which here is a month's.
    const after = await site(new Date('2026-12-01T00:00:01+09:00'));
    const changed = changedBetween(before.pages, after.pages).filter((r) => r.includes('/history/'));
    expect(changed).toEqual(expect.arrayContaining(['/history/2026-12/', '/en/history/2026-10/']));
    const affected = affectedPageRoutes([{ kind: 'clock' }], after.model);
    expect(changed.filter((r) => !affected.includes(r))).toEqual([]);
  });
});
