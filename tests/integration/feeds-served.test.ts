import { XMLValidator } from 'fast-xml-parser';
import Parser from 'rss-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { feedPath, FEED_FORMATS } from '../../api/publish/formats/feeds/index.ts';
import { LANGS } from '../../api/core/vocab.ts';
import { CANCELLED, NOW, PUBLIC_MODEL, TERMINATION, UPCOMING } from '../fixtures/public-model.ts';
import { publishAndServe } from '../support/published-site.ts';
import { decodeHtmlText } from '../unit/feeds/helpers.ts';
import { HOSTILE, UNRESOLVED } from '../unit/statuspage/fixture.ts';

const CONTENT_TYPES = {
  rss: 'application/rss+xml; charset=utf-8',
  atom: 'application/atom+xml; charset=utf-8',
  json: 'application/feed+json; charset=utf-8',
};

// Needs the built site (`astro build`): pages are published alongside the feeds.
describe('feeds, published and served by the static server', () => {
  let site: Awaited<ReturnType<typeof publishAndServe>>;
  /** An independent feed reader (rss-parser, on xml2js in strict mode), as a subscriber's app would use. */
  const reader = new Parser();
  beforeAll(async () => {
    site = await publishAndServe({ model: () => PUBLIC_MODEL, now: () => NOW });
  });
  afterAll(() => site.close());

  const feedUrls = LANGS.flatMap((lang) =>
    [undefined, 'cmp_invoice', 'cmp_order'].flatMap((componentId) =>
      FEED_FORMATS.map((format) => ({ lang, componentId, format, path: feedPath(lang, format, componentId) })),
    ),
  );

  it('serves every feed, site-wide and per component, in both languages with its own media type', async () => {
    for (const { format, path } of feedUrls) {
      const res = await site.fetchRaw(path);
      expect(res.status, path).toBe(200);
      expect(res.headers['content-type'], path).toBe(CONTENT_TYPES[format]);
    }
    for (const component of PUBLIC_MODEL.components)
      expect(site.store.get(`/en/components/${component.id}/history.atom`), component.id).toBeDefined();
  });

  it('parses in an independent reader with hostile titles, and gives them back literally', async () => {
    for (const { lang, componentId, format, path } of feedUrls) {
      const text = (await site.fetchRaw(path)).body.toString('utf8');
      if (format === 'json') {
        const feed = JSON.parse(text);
        expect(feed.version).toBe('https://jsonfeed.org/version/1.1');
        expect(feed.feed_url).toBe(`${site.siteUrl}${path}`);
        continue;
      }
      expect(XMLValidator.validate(text), path).toBe(true);
      expect(text, path).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/);
      const feed = await reader.parseString(text);
      expect(feed.items.length, path).toBeGreaterThan(0);
      if (componentId === undefined && lang === 'ja') {
        // Atom titles are `type="html"`: a reader shows them after reading the HTML once.
        const titles = feed.items.map((i) => (format === 'atom' ? decodeHtmlText(i.title ?? '') : i.title));
        expect(titles, path).toContain(UNRESOLVED.name);
        expect(titles, path).toContain(`計画メンテナンス：${UPCOMING.title}`);
        expect(titles, path).toContain(`サービス提供終了のお知らせ：${TERMINATION.title}`);
      }
    }
    expect(UNRESOLVED.name).toContain(HOSTILE.html);
    expect(UPCOMING.title).toContain(HOSTILE.cdata);
  });

  it('links each feed to itself at the canonical origin, and each entry to its page', async () => {
    const atom = (await site.fetchRaw('/en/history.atom')).body.toString();
    expect(atom).toContain(`<link rel="self" href="${site.siteUrl}/en/history.atom"/>`);
    const rss = await reader.parseString((await site.fetchRaw('/history.rss')).body.toString());
    expect(rss.items.find((i) => i.title === UNRESOLVED.name)!.link).toBe(
      `${site.siteUrl}/incidents/${UNRESOLVED.id}/`,
    );
    expect(rss.items.find((i) => i.link === `${site.siteUrl}/maintenance/${CANCELLED.id}/`)!.content).toContain('中止');
  });

  it('lists in a component’s feed only what names that component', async () => {
    const order = await reader.parseString((await site.fetchRaw('/components/cmp_order/history.atom')).body.toString());
    expect(order.items.map((i) => i.link)).toEqual([`${site.siteUrl}/notices/${TERMINATION.id}/`]);
  });

  it('answers a matching If-None-Match with 304 and serves the stored brotli and gzip variants', async () => {
    for (const path of ['/history.rss', '/en/history.atom', '/history.json']) {
      const first = await site.fetchRaw(path, { headers: { 'Accept-Encoding': 'br, gzip' } });
      expect(first.headers['content-encoding'], path).toBe('br');
      expect(first.headers.vary, path).toBe('Accept-Encoding');
      const gz = await site.fetchRaw(path, { headers: { 'Accept-Encoding': 'gzip' } });
      expect(gz.headers['content-encoding'], path).toBe('gzip');
      const again = await site.fetchRaw(path, { headers: { 'If-None-Match': String(first.headers.etag) } });
      expect(again.status, path).toBe(304);
      expect(again.body.length, path).toBe(0);
      const since = await site.fetchRaw(path, {
        headers: { 'If-Modified-Since': String(first.headers['last-modified']) },
      });
      expect(since.status, path).toBe(304);
    }
  });
});
