import { beforeAll, describe, expect, it } from 'vitest';
import type { IncidentView, SiteModel } from '../../api/core/model.ts';
import { buildDocuments } from '../../api/publish/documents/index.ts';
import { affectedPageRoutes, allPageRoutes } from '../../api/publish/routes.ts';
import { loadAstroRenderer, type RenderFn } from '../../api/publish/renderer.ts';
import { MODEL, NOW, UNRESOLVED } from '../unit/statuspage/fixture.ts';
import { settingsFrom, TEST_SITE_URL } from '../support/settings.ts';

const ACTIVE = 300;
const MINUTE = 60_000;

/** 300 open incidents, newest first as the model keeps them: 299 minor ones, and the oldest critical. */
function manyActive(): SiteModel {
  const incidents: IncidentView[] = Array.from({ length: ACTIVE }, (_, n) => {
    const id = `inc_open_${String(n).padStart(3, '0')}`;
    const createdAt = new Date(NOW.getTime() - (n + 1) * 5 * MINUTE);
    return {
      ...UNRESOLVED,
      id,
      name: `請求書の発行が遅延しています（${n}）`,
      nameEn: `Invoice issuing is delayed (${n})`,
      impact: n === ACTIVE - 1 ? 'critical' : 'minor',
      createdAt,
      detectedAt: createdAt,
      updatedAt: createdAt,
      updates: UNRESOLVED.updates.map((u) => ({
        ...u,
        id: `${u.id}_${n}`,
        incidentId: id,
        createdAt,
        displayAt: createdAt,
      })),
    };
  });
  return { ...MODEL, incidents, indicator: 'critical' };
}

/** Whole active-incident cards on a page (IncidentCard's article). */
const cards = (html: string) => html.match(/<article class="incident /g)?.length ?? 0;

// Needs the built site (scripts/test.sh runs `astro build` first).
describe('a home page with 300 active incidents', () => {
  let render: RenderFn;
  const model = manyActive();
  const locals = { model, settings: settingsFrom() };
  beforeAll(async () => {
    render = await loadAstroRenderer();
  });

  it('shows the ten worst in full, counts the rest and links to the incident history, in both languages', async () => {
    const ja = (await render('/', locals)).body.toString();
    expect(cards(ja)).toBe(10);
    expect(ja).toContain('inc-inc_open_299'); // the critical one, though it is the oldest
    expect(ja).toContain('発生中の障害は全300件で、影響の大きい順に載せたほかに290件あります。');
    expect(ja).toMatch(/290件あります。<\/p>|290件あります。 <a href="\/history\/">障害履歴で見る<\/a>/);
    const en = (await render('/en/', locals)).body.toString();
    expect(cards(en)).toBe(10);
    expect(en).toContain('Active incidents: 300 in all; the worst are shown above, 290 are not.');
    expect(en).toMatch(/<a href="\/en\/history\/">See the incident history<\/a>/);
  });

  it('names at most three incidents a day under the uptime bars and links the rest to the month’s history', async () => {
    const ja = (await render('/', locals)).body.toString();
    expect(ja).toMatch(/<a href="\/history\/2026-11\/">ほか\d+件（この月の障害履歴）<\/a>/);
    expect(ja.match(/href="\/incidents\/inc_open_/g)!.length).toBeLessThan(40);
  });

  it('stays under 80 KB, as with ten active incidents (it was 628 KB with every incident in full)', async () => {
    for (const route of ['/', '/en/']) expect((await render(route, locals)).body.length).toBeLessThan(80_000);
  });

  it('still lists every unresolved incident in /api/v2 (its contract is the whole list)', async () => {
    const files = await buildDocuments({ model, now: NOW, siteUrl: TEST_SITE_URL });
    const unresolved = JSON.parse(files.find((f) => f.path === '/api/v2/incidents/unresolved.json')!.body.toString());
    expect(unresolved.incidents).toHaveLength(ACTIVE);
  });
});

describe('an incident history month with 300 incidents', () => {
  let render: RenderFn;
  const model = manyActive();
  const locals = { model, settings: settingsFrom() };
  beforeAll(async () => {
    render = await loadAstroRenderer();
  });
  const listed = (html: string) => html.match(/href="(?:\/en)?\/incidents\/inc_open_\d+\/"/g)?.length ?? 0;

  it('is published as three pages of at most 100, newest first, each linking to the others', async () => {
    const first = (await render('/history/2026-11/', locals)).body.toString();
    expect(listed(first)).toBe(100);
    expect(first).toMatch(/<h1[^>]*>2026年11月の障害（1\/3ページ）<\/h1>/);
    expect(first).toContain('href="/history/2026-11/2/"');
    expect(first).toContain('href="/history/2026-11/3/"');
    expect(first).toContain('/incidents/inc_open_000/');
    const last = (await render('/en/history/2026-11/3/', locals)).body.toString();
    expect(listed(last)).toBe(100);
    expect(last).toContain('/en/incidents/inc_open_299/');
    expect(last).toContain('(page 3 of 3)');
  });

  it('publishes every page of the month, and republishes them all when one of its incidents changes', () => {
    const pages = ['/history/2026-11/', '/history/2026-11/2/', '/history/2026-11/3/'];
    const all = allPageRoutes(model);
    expect(all).toEqual(expect.arrayContaining([...pages, ...pages.map((p) => `/en${p}`)]));
    expect(all).not.toContain('/history/2026-11/4/');
    expect(affectedPageRoutes([{ kind: 'incident', id: 'inc_open_000' }], model)).toEqual(
      expect.arrayContaining(pages),
    );
  });
});
