import { describe, expect, it } from 'vitest';
import type { IncidentView, SiteModel } from '../../../api/core/model.ts';
import { LANGS } from '../../../api/core/vocab.ts';
import { feedDocuments } from '../../../api/publish/documents/feeds.ts';
import { feedSite } from '../../../api/publish/documents/site-identity.ts';
import { buildFeeds, FEED_ENTRY_LIMIT, FEED_FORMATS, feedPath } from '../../../api/publish/formats/feeds/index.ts';
import { NOW, PUBLIC_MODEL } from '../../fixtures/public-model.ts';
import { RESOLVED } from '../statuspage/fixture.ts';

const SITE_URL = 'https://status.example.jp';

async function built(model: SiteModel): Promise<Map<string, string>> {
  const files = await feedDocuments({ model, now: NOW, siteUrl: SITE_URL });
  return new Map(files.map((f) => [f.path, f.body.toString('utf8')]));
}

/** Every feed of `model` made by the pure builder alone, from every entry of the site: what each file must hold. */
function fromScratch(model: SiteModel): Map<string, string> {
  const expected = new Map<string, string>();
  for (const lang of LANGS)
    for (const componentId of [undefined, ...model.components.map((c) => c.id)]) {
      const feeds = buildFeeds({ model, site: feedSite(SITE_URL), lang, componentId });
      for (const format of FEED_FORMATS) expected.set(decodeURI(feedPath(lang, format, componentId)), feeds[format]);
    }
  return expected;
}

/** Many resolved incidents on one component, more than a feed lists, each a minute apart. */
function withHistory(count: number, componentId: string): SiteModel {
  const incidents: IncidentView[] = Array.from({ length: count }, (_, n) => {
    const at = new Date(Date.UTC(2026, 5, 1, 0, n));
    return {
      ...RESOLVED,
      id: `inc_${String(n).padStart(3, '0')}`,
      name: `障害 ${n}`,
      componentIds: [componentId],
      createdAt: at,
      detectedAt: at,
      updatedAt: at,
      resolvedAt: at,
      updates: RESOLVED.updates.map((u) => ({ ...u, createdAt: at, displayAt: at })),
    };
  });
  return { ...PUBLIC_MODEL, incidents: [...PUBLIC_MODEL.incidents, ...incidents.reverse()] };
}

describe('the published feeds', () => {
  it('are the feeds the builder makes from every entry of the site, also past the entries a feed lists', async () => {
    const model = withHistory(FEED_ENTRY_LIMIT + 20, 'cmp_order');
    expect(await built(model)).toEqual(fromScratch(model));
  });

  it('follow a corrected incident at the next build, in the site’s feeds and in its component’s', async () => {
    const model = withHistory(FEED_ENTRY_LIMIT + 20, 'cmp_order');
    const before = await built(model);
    // The tenth newest incident is renamed: still listed, so its feeds must change.
    const renamed = model.incidents.map((i) =>
      i.id === `inc_${String(FEED_ENTRY_LIMIT + 10).padStart(3, '0')}` ? { ...i, name: '名前を直した障害' } : i,
    );
    const after = await built({ ...model, incidents: renamed });
    expect(after).toEqual(fromScratch({ ...model, incidents: renamed }));
    const changed = [...after.keys()].filter((path) => after.get(path) !== before.get(path)).sort();
    expect(changed).toEqual(
      ['/history', '/components/cmp_order/history'].flatMap((p) => FEED_FORMATS.map((f) => `${p}.${f}`)).sort(),
    );
  });

  it('follow a renamed component in the entries of incidents the rename did not touch, from the very same incident records', async () => {
    const model = withHistory(FEED_ENTRY_LIMIT + 20, 'cmp_order');
    await built(model);
    const renamed = {
      ...model,
      components: model.components.map((c) =>
        c.id === 'cmp_order' ? { ...c, name: '受注（新）', nameEn: 'Orders (new)' } : c,
      ),
    };
    const after = await built(renamed);
    expect(after).toEqual(fromScratch(renamed));
    expect(after.get('/history.json')).toContain('受注（新）');
  });
});
