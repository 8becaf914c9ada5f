import { XMLValidator } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApiDocument } from '../../api/http/openapi-document.ts';
import { NOW, PUBLIC_MODEL } from '../fixtures/public-model.ts';
import { publishAndServe } from '../support/published-site.ts';
import { settingsFrom } from '../support/settings.ts';
import { HOSTILE, UNRESOLVED } from '../unit/statuspage/fixture.ts';

const attr = (tag: string, name: string) => new RegExp(`${name}="([^"]*)"`).exec(tag)?.[1];
const tags = (html: string, pattern: RegExp) => [...html.matchAll(pattern)].map((m) => m[0]);

// Needs the built site (`astro build`).
describe('feed discovery, the subscribe list, the API reference, the badge and the embeddable status', () => {
  let site: Awaited<ReturnType<typeof publishAndServe>>;
  beforeAll(async () => {
    site = await publishAndServe({ model: () => PUBLIC_MODEL, now: () => NOW });
  });
  afterAll(() => site.close());
  const page = async (path: string) => (await site.fetchRaw(path)).body.toString('utf8');

  it('announces the feeds in the head of every page, in the page’s language, and each one is served', async () => {
    for (const [path, prefix] of [
      ['/', ''],
      ['/en/', '/en'],
      ['/history/', ''],
      ['/en/docs/api/', '/en'],
    ] as const) {
      const links = tags(await page(path), /<link rel="alternate" type="application\/[^"]+"[^>]*>/g);
      expect(
        links.map((l) => [attr(l, 'type'), attr(l, 'href')]),
        path,
      ).toEqual([
        ['application/rss+xml', `${prefix}/history.rss`],
        ['application/atom+xml', `${prefix}/history.atom`],
        ['application/feed+json', `${prefix}/history.json`],
      ]);
      for (const l of links) {
        const res = await site.fetchRaw(attr(l, 'href')!);
        expect(res.status).toBe(200);
        expect(String(res.headers['content-type'])).toContain(attr(l, 'type')!);
      }
    }
  });

  it('shows a subscribe list with the feeds, the maintenance calendar and each service’s feeds', async () => {
    const html = await page('/');
    const footer = html.slice(html.indexOf('<footer'));
    for (const href of [
      '/history.rss',
      '/history.atom',
      '/history.json',
      '/calendars/maintenance.ics',
      '/components/cmp_invoice/history.atom',
      '/docs/api/',
      '/docs/embed/',
      '/api/v2/summary.json',
    ])
      expect(footer, href).toContain(`href="${href}"`);
    expect(footer).toContain('aria-label="請求書のAtomフィード"');
    expect(footer).toContain('href="/calendars/components/cmp_invoice.ics"');
    const en = await page('/en/');
    expect(en).toContain('href="/en/components/cmp_invoice/history.rss"');
    expect(en).toContain('href="/en/calendars/maintenance.ics"');
    for (const path of [
      '/calendars/maintenance.ics',
      '/en/calendars/maintenance.ics',
      '/calendars/components/cmp_invoice.ics',
    ])
      expect((await site.fetchRaw(path)).status, path).toBe(200);
  });

  it('lists an incident’s own services’ feeds on its page, and links to every service’s on the home page', async () => {
    // UNRESOLVED names only the invoice service in its updates.
    for (const [prefix, label] of [
      ['', '影響を受けたサービスのフィード'],
      ['/en', 'Feeds for the affected services'],
    ] as const) {
      const html = await page(`${prefix}/incidents/${UNRESOLVED.id}/`);
      const footer = html.slice(html.indexOf('<footer'));
      expect(footer).toContain(`<summary>${label}</summary>`);
      expect(footer).toContain(`href="${prefix}/components/cmp_invoice/history.atom"`);
      expect(footer).toContain(`href="${prefix}/calendars/components/cmp_invoice.ics"`);
      expect(footer).not.toContain('/components/cmp_contract/');
      expect(footer).not.toContain('/components/cmp_platform_id/');
      expect(footer).toContain(`href="${prefix}/#subscribe"`);
      // The home page's list, where that link leads, has every service.
      const home = await page(`${prefix}/`);
      expect(home).toContain('id="subscribe"');
      expect(home.slice(home.indexOf('<footer'))).toContain(`href="${prefix}/components/cmp_contract/history.atom"`);
    }
  });

  it('publishes a reference page listing every operation of the OpenAPI document, in both languages', async () => {
    const paths = Object.entries(openApiDocument(settingsFrom()).paths ?? {}).flatMap(([path, item]) =>
      Object.keys(item as object).map((m) => `${m.toUpperCase()} ${path}`),
    );
    for (const url of ['/docs/api/', '/en/docs/api/']) {
      const html = await page(url);
      expect(html).toContain('href="/api/v1/openapi.json"');
      const headings = [...html.matchAll(/<h3[^>]*>([\s\S]*?)<\/h3>/g)].map((m) => m[1]!.replace(/<[^>]+>/g, ''));
      expect(headings.sort(), url).toEqual(paths.sort());
      // No third-party viewer: any script is the site's own.
      expect(html).not.toMatch(/<script[^>]*src="(https?:)?\/\//i);
    }
    const en = await page('/en/docs/api/');
    expect(en).toMatch(/<caption[^>]*>Request body \(JSON\)<\/caption>/);
    expect(en).toMatch(/<code[^>]*>name_en<\/code>/);
  });

  it('serves the status badge as an SVG image in each language, saying the status in words', async () => {
    for (const [path, words] of [
      ['/badge.svg', '一部障害'],
      ['/en/badge.svg', 'partial outage'],
    ] as const) {
      const res = await site.fetchRaw(path);
      expect(res.headers['content-type']).toBe('image/svg+xml');
      const svg = res.body.toString();
      expect(XMLValidator.validate(svg)).toBe(true);
      expect(svg).toContain(words);
      expect(svg).not.toMatch(/<script|href=/i);
    }
  });

  it('lets any site frame the embeddable status, and only that page', async () => {
    const embed = await site.fetchRaw('/embed/status.html');
    expect(embed.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(embed.headers['content-security-policy']).toContain('frame-ancestors *');
    expect(embed.headers['content-security-policy']).toContain("default-src 'none'");
    expect((await site.fetchRaw('/en/embed/status.html')).headers['content-security-policy']).toContain(
      'frame-ancestors *',
    );
    expect(embed.headers['x-frame-options']).toBeUndefined();
    // Not even by the site itself: the embedding guide frames /embed/status.html, nothing else.
    for (const path of ['/', '/docs/embed/', '/en/']) {
      const page = await site.fetchRaw(path);
      expect(page.headers['content-security-policy'], path).toContain("frame-ancestors 'none'");
      expect(page.headers['x-frame-options'], path).toBe('DENY');
    }
  });

  it('shows the status and the active incidents in the embeddable status, with user text escaped', async () => {
    const html = await page('/embed/status.html');
    expect(html).toContain('一部のサービスで障害が発生しています');
    expect(html).toContain(`href="/incidents/${UNRESOLVED.id}/"`);
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(UNRESOLVED.name).toContain(HOSTILE.html);
    expect(html).not.toMatch(/<script|<img/i);
    expect(await page('/en/embed/status.html')).toContain('EN: Invoice issuing is delayed');
  });
});
