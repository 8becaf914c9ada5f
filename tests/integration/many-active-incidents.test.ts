import { beforeAll, describe, expect, it } from 'vitest';
import type { IncidentView, SiteModel } from '../../api/core/model.ts';
import { buildDocuments } from '../../api/publish/documents/index.ts';
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
