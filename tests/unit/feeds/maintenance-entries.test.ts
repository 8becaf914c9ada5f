import { describe, expect, it } from 'vitest';
import { buildFeeds } from '../../../api/publish/formats/feeds/index.ts';
import { LANGS } from '../../../api/core/vocab.ts';
import { CANCELLED, IN_PROGRESS, PUBLIC_MODEL, TERMINATION, UPCOMING } from '../../fixtures/public-model.ts';
import { HOSTILE } from '../statuspage/fixture.ts';
import { parseXml, SITE, textOf, type Node } from './helpers.ts';

const feedsFor = (lang: 'ja' | 'en', componentId?: string) =>
  buildFeeds({ model: PUBLIC_MODEL, site: SITE, lang, componentId });
const entryFor = (json: string, id: string) =>
  JSON.parse(json).items.find((i: { id: string }) => i.id.includes(`/${id}/`));

describe('maintenance and notices in the feeds', () => {
  it('lists each maintenance and notice at its permanent page, named as such, beside the incidents', () => {
    const ja = JSON.parse(feedsFor('ja').json);
    const ids = ja.items.map((i: { id: string }) => i.id);
    expect(ids).toContain(`https://status.example.jp/maintenance/${UPCOMING.id}/`);
    expect(ids).toContain(`https://status.example.jp/notices/${TERMINATION.id}/`);
    expect(ids).toContain('https://status.example.jp/incidents/inc_invoice_delay/');
    expect(entryFor(feedsFor('ja').json, IN_PROGRESS.id).title).toBe('計画メンテナンス：契約書 データベース更新');
    expect(entryFor(feedsFor('ja').json, TERMINATION.id).title).toBe(
      `サービス提供終了のお知らせ：${TERMINATION.title}`,
    );
  });

  it('states the window in JST, labelled, and the announcement text', () => {
    const html: string = entryFor(feedsFor('ja').json, IN_PROGRESS.id).content_html;
    expect(html).toContain('2026年11月28日 16:00 JST〜2026年11月28日 18:00 JST');
    expect(html).toContain('契約書のデータベースを更新します。');
    expect(html).toContain('作業を開始しました。');
  });

  it('says a maintenance was cancelled, with the reason, and dates the entry by the cancellation', () => {
    const entry = entryFor(feedsFor('ja').json, CANCELLED.id);
    expect(entry.content_html).toContain('<strong>中止</strong>');
    expect(entry.content_html).toContain('SHIRASE-ONLY cancel reason');
    expect(entry.date_modified).toBe(CANCELLED.overrides.cancelledAt!.toISOString());
  });

  it('writes English entries from the translations', () => {
    const en = feedsFor('en');
    expect(entryFor(en.json, UPCOMING.id).title).toBe('Planned maintenance: EN: SHIRASE-ONLY maintenance');
    expect(entryFor(en.json, TERMINATION.id).title).toBe(
      'Service termination notice: End of fax reception (SHIRASE-ONLY)',
    );
    expect(entryFor(en.json, IN_PROGRESS.id).content_html).toContain(
      'Nov 28, 2026 16:00 JST to Nov 28, 2026 18:00 JST',
    );
  });

  it('keeps in a component’s feed only what names that component', () => {
    const order = JSON.parse(feedsFor('ja', 'cmp_order').json).items.map((i: { id: string }) => i.id);
    expect(order).toEqual([`https://status.example.jp/notices/${TERMINATION.id}/`]);
    const contract = JSON.parse(feedsFor('ja', 'cmp_contract').json).items.map((i: { id: string }) => i.id);
    expect(contract).toContain(`https://status.example.jp/maintenance/${IN_PROGRESS.id}/`);
    expect(contract).not.toContain(`https://status.example.jp/maintenance/${UPCOMING.id}/`);
  });

  it('gives the same bytes whatever the time, so a window opening re-surfaces nothing', () => {
    const at = (iso: string) => ({ ...PUBLIC_MODEL, generatedAt: new Date(iso) });
    const build = (iso: string) => buildFeeds({ model: at(iso), site: SITE, lang: 'ja' });
    expect(build('2026-11-28T06:00:00Z')).toEqual(build('2026-11-28T10:00:00Z'));
  });

  it.each(LANGS)(
    'stays well-formed with ]]>, <script> and control characters in maintenance and notice text (%s)',
    (lang) => {
      const feeds = feedsFor(lang);
      for (const xml of [feeds.rss, feeds.atom]) {
        parseXml(xml);
        expect(xml).not.toMatch(/<script|<img/i);
      }
      const items: Node[] = parseXml(feeds.rss).rss.channel.item;
      const titles = items.map((i) => textOf(i.title));
      if (lang === 'ja') expect(titles).toContain(`計画メンテナンス：${UPCOMING.title}`);
      expect(UPCOMING.title).toContain(HOSTILE.cdata);
      expect(JSON.parse(feeds.json).items.length).toBe(items.length);
    },
  );
});
