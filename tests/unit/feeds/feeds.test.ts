import { describe, expect, it } from 'vitest';
import { buildFeeds, FEED_ENTRY_LIMIT, siteEntries, type FeedEntry } from '../../../api/publish/formats/feeds/index.ts';
import type { IncidentView, SiteModel } from '../../../api/core/model.ts';
import { NotFoundError } from '../../../api/core/errors.ts';
import { MODEL, RESOLVED, UNRESOLVED } from '../statuspage/fixture.ts';
import { parseXml, RFC_3339, RFC_822_GMT, SITE, textOf, type Node } from './helpers.ts';

const ja = buildFeeds({ model: MODEL, site: SITE, lang: 'ja' });
const en = buildFeeds({ model: MODEL, site: SITE, lang: 'en' });
const rss = (xml: string) => parseXml(xml).rss.channel;
const atom = (xml: string) => parseXml(xml).feed;
const linkWith = (links: Node[], rel: string) => links.find((l) => (l['@_rel'] ?? 'alternate') === rel)?.['@_href'];

describe('feed identity and dates', () => {
  it('rebuilds byte for byte from the same data, even when the model was read later', () => {
    const later = buildFeeds({
      model: { ...MODEL, generatedAt: new Date('2030-01-01T00:00:00Z') },
      site: SITE,
      lang: 'ja',
    });
    expect(later).toEqual(ja);
  });

  it('identifies each incident by its permanent page, the same in every format, and separately per language', () => {
    const url = 'https://status.example.jp/incidents/inc_invoice_delay/';
    expect(textOf(rss(ja.rss).item[0].guid)).toBe(url);
    expect(rss(ja.rss).item[0].guid['@_isPermaLink']).toBe('false');
    expect(textOf(atom(ja.atom).entry[0].id)).toBe(url);
    expect(JSON.parse(ja.json).items[0].id).toBe(url);
    expect(textOf(atom(en.atom).entry[0].id)).toBe('https://status.example.jp/en/incidents/inc_invoice_delay/');
  });

  it('dates an entry by its latest update and the feed by its newest entry, in each standard’s format', () => {
    const channel = rss(ja.rss);
    expect(channel.lastBuildDate).toMatch(RFC_822_GMT);
    expect(channel.lastBuildDate).toBe(UNRESOLVED.updates[0]!.createdAt.toUTCString());
    for (const item of channel.item) expect(item.pubDate).toMatch(RFC_822_GMT);
    expect(channel.item[1].pubDate).toBe(RESOLVED.updates[0]!.createdAt.toUTCString());

    const feed = atom(ja.atom);
    expect(feed.updated).toMatch(RFC_3339);
    expect(new Date(feed.updated)).toEqual(UNRESOLVED.updates[0]!.createdAt);
    const [first, second] = feed.entry;
    expect(new Date(first.updated)).toEqual(UNRESOLVED.updates[0]!.createdAt);
    expect(new Date(first.published)).toEqual(UNRESOLVED.createdAt);
    expect(new Date(second.updated)).toEqual(RESOLVED.updates[0]!.createdAt);

    const item = JSON.parse(ja.json).items[1];
    expect(item.date_modified).toMatch(RFC_3339);
    expect(new Date(item.date_modified)).toEqual(RESOLVED.updates[0]!.createdAt);
    expect(new Date(item.date_published)).toEqual(RESOLVED.createdAt);
  });

  it('moves an entry’s update time to when its title was corrected, in each format, and keeps its publication', () => {
    const correctedAt = new Date('2026-11-29T01:00:00Z');
    const corrected = { ...RESOLVED, name: 'プラットフォームIDにサインインできない', updatedAt: correctedAt };
    const feeds = buildFeeds({ model: { ...MODEL, incidents: [UNRESOLVED, corrected] }, site: SITE, lang: 'ja' });
    const entry = atom(feeds.atom).entry.find((e: Node) => textOf(e.id).includes('inc_login'));
    expect(new Date(entry.updated)).toEqual(correctedAt);
    expect(new Date(entry.published)).toEqual(RESOLVED.createdAt);
    const item = JSON.parse(feeds.json).items.find((i: Node) => i.id.includes('inc_login'));
    expect(new Date(item.date_modified)).toEqual(correctedAt);
    expect(new Date(item.date_published)).toEqual(RESOLVED.createdAt);
    // RSS has one date, the entry's latest change (see render.ts), so it re-surfaces there too.
    expect(rss(feeds.rss).item[0].pubDate).toBe(correctedAt.toUTCString());
  });

  it('puts the most recently updated incident first, and breaks ties by id so the order never wavers', () => {
    const tie = { ...RESOLVED, id: 'inc_a_tie' };
    const feeds = buildFeeds({ model: { ...MODEL, incidents: [RESOLVED, UNRESOLVED, tie] }, site: SITE, lang: 'ja' });
    const ids = JSON.parse(feeds.json).items.map((i: Node) => i.id.replace(/\/$/, '').replace(/.*\//, ''));
    expect(ids).toEqual(['inc_invoice_delay', 'inc_a_tie', 'inc_login']);
  });

  it('carries at most the 50 most recently updated entries', () => {
    const many: IncidentView[] = Array.from({ length: 60 }, (_, n) => {
      const at = new Date(Date.UTC(2026, 0, 1 + n));
      return {
        ...RESOLVED,
        id: `inc_${String(n).padStart(2, '0')}`,
        updatedAt: at,
        updates: [{ ...RESOLVED.updates[0]!, createdAt: at }],
      };
    });
    const items = JSON.parse(buildFeeds({ model: { ...MODEL, incidents: many }, site: SITE, lang: 'ja' }).json).items;
    expect(items).toHaveLength(FEED_ENTRY_LIMIT);
    expect(items[0].id).toMatch(/inc_59\/$/);
  });
});

describe('feed links', () => {
  it('points each format’s self link at itself and its alternate link at the page', () => {
    const channel = rss(ja.rss);
    expect(channel.link).toBe('https://status.example.jp/');
    expect(linkWith(channel['atom:link'], 'self')).toBe('https://status.example.jp/history.rss');

    const feed = atom(ja.atom);
    expect(textOf(feed.id)).toBe('https://status.example.jp/history.atom');
    expect(linkWith(feed.link, 'self')).toBe('https://status.example.jp/history.atom');
    expect(linkWith(feed.link, 'alternate')).toBe('https://status.example.jp/');
    expect(linkWith(feed.entry[0].link, 'alternate')).toBe('https://status.example.jp/incidents/inc_invoice_delay/');

    const json = JSON.parse(ja.json);
    expect(json.feed_url).toBe('https://status.example.jp/history.json');
    expect(json.home_page_url).toBe('https://status.example.jp/');
  });

  it('publishes English feeds under /en, linking to English pages', () => {
    expect(linkWith(atom(en.atom).link, 'self')).toBe('https://status.example.jp/en/history.atom');
    expect(rss(en.rss).item[0].link).toBe('https://status.example.jp/en/incidents/inc_invoice_delay/');
  });
});

describe('feed content', () => {
  it('is a JSON Feed 1.1 document with language and authors', () => {
    const json = JSON.parse(ja.json);
    expect(json.version).toBe('https://jsonfeed.org/version/1.1');
    expect(json.language).toBe('ja');
    expect(json.authors).toEqual([{ name: SITE.name, url: 'https://status.example.jp/' }]);
    expect(json).not.toHaveProperty('author');
  });

  it('lists every update of an incident newest first, each with its status and a labelled JST time', () => {
    const html = textOf(atom(ja.atom).entry[1].content);
    const order = ['復旧済み', '経過観察中', '原因特定', '調査中'].map((label) =>
      html.indexOf(`<strong>${label}</strong>`),
    );
    expect(order.every((at) => at >= 0)).toBe(true);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(html).toContain('2026年11月20日 12:00 JST');
    expect(html).toContain('2026年11月20日 10:05 JST'); // display time of the back-dated first update
    expect(html).toContain('影響を受けたサービス</strong><br>プラットフォームID');
  });

  it('writes English labels and times in the English feed, and falls back to Japanese text where nothing was translated', () => {
    const item = JSON.parse(en.json).items[1];
    expect(item.title).toBe(RESOLVED.nameEn);
    expect(item.content_html).toContain('<strong>Resolved</strong>');
    expect(item.content_html).toContain('Nov 20, 2026 12:00 JST');
    expect(item.content_html).toContain(RESOLVED.updates[0]!.bodyEn);
    expect(item.content_html).toContain(RESOLVED.updates[2]!.body); // no bodyEn
    const untranslated = buildFeeds({
      model: { ...MODEL, incidents: [{ ...RESOLVED, nameEn: null }] },
      site: SITE,
      lang: 'en',
    });
    expect(JSON.parse(untranslated.json).items[0].title).toBe(RESOLVED.name);
  });

  it('says “all services” when an incident affects every one, in RSS, Atom and JSON Feed, as the pages do', () => {
    const everywhere = { ...RESOLVED, componentIds: MODEL.components.map((c) => c.id) };
    for (const [lang, words] of [
      ['ja', '影響を受けたサービス</strong><br>すべてのサービス'],
      ['en', 'Affected components</strong><br>All services'],
    ] as const) {
      const feeds = buildFeeds({ model: { ...MODEL, incidents: [everywhere] }, site: SITE, lang });
      expect(rss(feeds.rss).item[0].description).toContain(words);
      expect(textOf(atom(feeds.atom).entry[0].content)).toContain(words);
      expect(JSON.parse(feeds.json).items[0].content_html).toContain(words);
    }
  });

  it('names the feed after the site and, for a component feed, the component, in the feed’s language', () => {
    expect(textOf(rss(ja.rss).title)).toBe('Shirase ステータスの履歴');
    expect(textOf(atom(en.atom).title)).toBe('Shirase Status history');
    const component = buildFeeds({ model: MODEL, site: SITE, lang: 'en', componentId: 'cmp_invoice' });
    expect(JSON.parse(component.json).title).toBe('Shirase Status: EN: Invoices history');
  });
});

describe('a component’s feed', () => {
  const invoice = buildFeeds({ model: MODEL, site: SITE, lang: 'ja', componentId: 'cmp_invoice' });

  it('carries only the incidents that named the component, with the same ids as the site feed', () => {
    const ids = atom(invoice.atom).entry.map((e: Node) => textOf(e.id));
    expect(ids).toEqual(['https://status.example.jp/incidents/inc_invoice_delay/']);
    expect(linkWith(atom(invoice.atom).link, 'self')).toBe(
      'https://status.example.jp/components/cmp_invoice/history.atom',
    );
    expect(rss(invoice.rss).link).toBe('https://status.example.jp/');
  });

  it('is a valid empty feed dated by the component itself when nothing ever happened to it', () => {
    const trade = buildFeeds({ model: MODEL, site: SITE, lang: 'ja', componentId: 'cmp_trade' });
    const feed = atom(trade.atom);
    expect(feed.entry).toBeUndefined();
    expect(new Date(feed.updated)).toEqual(MODEL.components.find((c) => c.id === 'cmp_trade')!.updatedAt);
    expect(JSON.parse(trade.json).items).toEqual([]);
    expect(rss(trade.rss).item).toBeUndefined();
  });

  it('refuses a component that does not exist', () => {
    expect(() => buildFeeds({ model: MODEL, site: SITE, lang: 'ja', componentId: 'nope' })).toThrow(NotFoundError);
  });
});

describe('entries from elsewhere (maintenance, notices)', () => {
  const maintenance: FeedEntry = {
    id: 'https://status.example.jp/maintenance/mnt_2026_12',
    url: 'https://status.example.jp/maintenance/mnt_2026_12',
    title: '定期メンテナンス（2026年12月）',
    published: new Date('2026-06-10T01:00:00Z'),
    updated: new Date('2026-11-30T00:00:00Z'),
    sections: [{ heading: '予定', at: new Date('2026-06-10T01:00:00Z'), text: '12月16日 02:00〜04:00 JST' }],
    componentIds: ['cmp_contract'],
  };
  const model: SiteModel = MODEL;

  it('join the site feed in date order and move the feed’s updated time', () => {
    const feeds = buildFeeds({
      model,
      site: SITE,
      lang: 'ja',
      entries: [...siteEntries(model, SITE, 'ja'), maintenance],
    });
    const feed = atom(feeds.atom);
    expect(textOf(feed.entry[0].id)).toBe(maintenance.id);
    expect(new Date(feed.updated)).toEqual(maintenance.updated);
    expect(feed.entry).toHaveLength(3);
  });

  it('appear only in the feeds of the components they name', () => {
    const contract = buildFeeds({
      model,
      site: SITE,
      lang: 'ja',
      componentId: 'cmp_contract',
      entries: [...siteEntries(model, SITE, 'ja'), maintenance],
    });
    const invoice = buildFeeds({
      model,
      site: SITE,
      lang: 'ja',
      componentId: 'cmp_invoice',
      entries: [...siteEntries(model, SITE, 'ja'), maintenance],
    });
    expect(JSON.parse(contract.json).items.map((i: Node) => i.id)).toEqual([maintenance.id]);
    expect(JSON.parse(invoice.json).items.map((i: Node) => i.id)).not.toContain(maintenance.id);
  });
});
