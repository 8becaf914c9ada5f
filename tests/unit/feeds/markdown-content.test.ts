import Parser from 'rss-parser';
import { describe, expect, it } from 'vitest';
import type { SiteModel } from '../../../api/core/model.ts';
import { buildFeeds } from '../../../api/publish/formats/feeds/index.ts';
import { MODEL, RESOLVED } from '../statuspage/fixture.ts';
import { parseXml, SITE, textOf } from './helpers.ts';

/** What an operator typically posts: emphasis, a heading, a list, a safe link and a hostile one. */
const BODY = [
  '**ログインできない状態は解消しました。**',
  '',
  '## 原因',
  '',
  '- 認証サーバーの *証明書* 期限切れ',
  '- [手順](https://example.jp/help) をご覧ください',
  '',
  '[詳細](javascript:alert(1))',
].join('\n');

const model: SiteModel = {
  ...MODEL,
  incidents: [
    {
      ...RESOLVED,
      updates: RESOLVED.updates.map((u, n) => (n === 0 ? { ...u, body: BODY, bodyEn: BODY } : u)),
    },
  ],
  maintenances: [],
  notices: [],
};

describe.each(['ja', 'en'] as const)('feed content in %s from a markdown body', (lang) => {
  const feeds = buildFeeds({ model, site: SITE, lang });
  const rssHtml = textOf(parseXml(feeds.rss).rss.channel.item[0].description);
  const atomEntry = parseXml(feeds.atom).feed.entry[0];
  const json = JSON.parse(feeds.json).items[0];
  const older = lang === 'en' ? RESOLVED.updates[1]!.bodyEn! : RESOLVED.updates[1]!.body;

  it('is the HTML the page shows: emphasis, heading and list rendered, no markdown characters left', () => {
    expect(atomEntry.content['@_type']).toBe('html');
    for (const html of [rssHtml, textOf(atomEntry.content), json.content_html as string]) {
      expect(html).toContain('<strong>ログインできない状態は解消しました。</strong>');
      expect(html).toContain('<em>証明書</em>');
      expect(html).toContain('原因');
      expect(html).toContain('<li>');
      expect(html).not.toContain('**');
      expect(html).not.toContain('##');
    }
  });

  it('keeps a web link and drops the javascript: one, in every format', () => {
    for (const html of [rssHtml, textOf(atomEntry.content), json.content_html as string]) {
      expect(html).toContain('href="https://example.jp/help"');
      expect(html).toContain('詳細');
      expect(html).not.toMatch(/javascript:/i);
    }
    expect(feeds.rss + feeds.atom + feeds.json).not.toMatch(/javascript:/i);
  });

  it('gives JSON Feed readers the same content as plain text and a one-line summary, without markup', () => {
    const text: string = json.content_text;
    expect(text).toContain('ログインできない状態は解消しました。');
    expect(text).toContain('原因');
    expect(text).toContain('- 認証サーバーの 証明書 期限切れ');
    expect(text).toContain('手順 (https://example.jp/help)');
    expect(text).toContain('詳細');
    expect(text).toContain(older); // an older update of the same incident
    expect(text).not.toMatch(/\*\*|##|<\/?[a-z]|javascript:/i);
    const summary: string = json.summary;
    expect(summary).toContain('ログインできない状態は解消しました。');
    expect(summary).not.toMatch(/\n|\*\*|##|javascript:/);
    expect(summary).not.toContain(older);
  });

  it('reads back through a common feed reader library with the rendered HTML', async () => {
    const parser = new Parser();
    const rss = await parser.parseString(feeds.rss);
    const atom = await parser.parseString(feeds.atom);
    for (const item of [rss.items[0]!, atom.items[0]!]) {
      expect(item.content).toContain('<strong>ログインできない状態は解消しました。</strong>');
      expect(item.content).not.toContain('**');
    }
  });
});

describe('plain-text parts of a feed entry', () => {
  it('are not read as markdown: a component name with markdown characters stays as typed', () => {
    const feeds = buildFeeds({
      model: { ...model, components: MODEL.components.map((c) => ({ ...c, name: `**${c.name}**` })) },
      site: SITE,
      lang: 'ja',
    });
    const html: string = JSON.parse(feeds.json).items[0].content_html;
    expect(html).toContain('<strong>影響を受けたサービス</strong><br>**プラットフォームID**');
  });
});
