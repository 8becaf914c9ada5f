import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../support/browser.ts';
import { operatorApi, waitForText } from '../support/http.ts';
import { startServer } from '../support/server.ts';

/** A weekday morning outside the standing maintenance window: the desk is open, a maintenance is coming. */
const PINNED = '2026-11-24T10:00:00+09:00';
/** An iPhone 14's viewport in CSS pixels, and a laptop's. */
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 800 };
type Viewport = typeof PHONE;
/** Kept after the run (git-ignored) for a person to look at; vitest has no artefact store of its own. */
const SCREENSHOTS = path.resolve('test-results/screenshots');

/**
 * Every kind of published page read on a phone and on a laptop: a full-page screenshot of each is
 * written to test-results/screenshots/, the phone never has to scroll the page sideways, and the
 * home page puts the next maintenance and how to get help within its first two screens.
 */
describe('the published pages on a 390 px phone and a 1280 px screen', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let browser: Browser;
  const pages: Array<[name: string, path: string]> = [
    ['home-ja', '/'],
    ['home-en', '/en/'],
    ['history', '/history/'],
    ['notices', '/notices/'],
    ['compliance', '/compliance/'],
    ['service-levels', '/service-levels/'],
    ['promises', '/service-levels/promises/'],
    ['api-docs', '/docs/api/'],
  ];

  beforeAll(async () => {
    [server, browser] = await Promise.all([
      startServer(
        {
          SUPPORT_PHONE: '0120-123-456',
          SUPPORT_EMAIL: 'support@example.jp',
          SUPPORT_URL: 'https://example.jp/contact',
        },
        { clock: PINNED },
      ),
      launchBrowser(),
      mkdir(SCREENSHOTS, { recursive: true }),
    ]);
    const api = operatorApi(server.url);
    const { components } = (await api.get('/api/v1/components')).body as { components: Array<{ id: string }> };
    const incident = await api.create('/api/v1/incidents', {
      name: '受発注の一部機能で障害',
      name_en: 'Ordering partly down',
      body: '**調査中**です。\n- 影響: 受注一覧',
      components: { [components[4]!.id]: 'partial_outage' },
    });
    const notice = await api.create('/api/v1/notices', {
      kind: 'termination',
      title: '旧APIの提供終了',
      body: '旧APIを終了します。',
      effective_at: '2027-03-01T10:00:00+09:00',
      components: [components[1]!.id],
    });
    const { maintenances } = (await api.get('/api/v1/maintenances')).body as { maintenances: Array<{ id: string }> };
    pages.push(
      ['incident', `/incidents/${incident.id}/`],
      ['notice', `/notices/${notice.id}/`],
      ['maintenance', `/maintenance/${maintenances[0]!.id}/`],
    );
    // Publishes run in the order of the writes: once the last one shows, every page stands as written.
    await waitForText(server.url, `/notices/${notice.id}/`, '旧APIの提供終了');
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  /**
   * One tab at each width, its clock started at PINNED, taken from page to page: a new tab costs a
   * renderer process (~0.5 s here), and no check here depends on what an earlier page left behind.
   */
  const tabs = new Map<Viewport, Promise<Page>>();
  async function open(path: string, viewport: Viewport): Promise<Page> {
    let tab = tabs.get(viewport);
    if (!tab) {
      tab = browser.newContext({ viewport }).then(async (context) => {
        await context.clock.install({ time: new Date(PINNED) });
        return context.newPage();
      });
      tabs.set(viewport, tab);
    }
    const page = await tab;
    const res = await page.goto(server.url + path);
    expect(res?.status(), path).toBe(200);
    return page;
  }

  it('lays out every kind of page, and every table region in it, without sideways scrolling on a phone, and keeps a screenshot of each at both widths', async () => {
    const tooWide: string[] = [];
    for (const [name, path] of pages) {
      for (const [label, viewport] of [
        ['390', PHONE],
        ['1280', DESKTOP],
      ] as const) {
        const page = await open(path, viewport);
        // JPEG: PNG took twice as long to encode (4.9 s for the API reference, 25,800 px tall).
        await page.screenshot({ path: `${SCREENSHOTS}/${name}-${label}.jpeg`, fullPage: true, quality: 85 });
        if (viewport === PHONE) {
          const { scrollWidth, clientWidth, widest } = await page.evaluate(() => {
            const root = document.documentElement;
            // Names the element that sticks out, so a failure points at it.
            const over = [...document.body.querySelectorAll('*')]
              .filter(
                (e) =>
                  e.getBoundingClientRect().right > root.clientWidth + 0.5 ||
                  // a word or a line of text wider than its box, the box itself in bounds
                  (e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX === 'visible'),
              )
              .reverse()
              .map(
                (e) =>
                  `${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ''}${e.className ? `.${String(e.className).split(' ')[0]}` : ''}`,
              );
            return {
              scrollWidth: root.scrollWidth,
              clientWidth: root.clientWidth,
              widest: over.slice(0, 3).join(' '),
            };
          });
          if (scrollWidth > clientWidth) tooWide.push(`${path}: ${scrollWidth} px wide in ${clientWidth} (${widest})`);
          // A table's own scrolling region hides its columns (and a long caption) off to the side
          // just as well, with nothing to say there is more: each must fit as it is laid out.
          const scrolled = await page.evaluate(() =>
            [...document.querySelectorAll('table')]
              .map((table) => table.closest('[role="region"], .scroll') ?? table.parentElement!)
              .filter((region) => region.scrollWidth > region.clientWidth + 1)
              .map(
                (region) =>
                  `table ${region.querySelector('table')?.id || region.querySelector('caption')?.textContent?.slice(0, 30)}: ${region.scrollWidth} px wide in its ${region.clientWidth} px region`,
              ),
          );
          for (const region of scrolled) tooWide.push(`${path}: ${region}`);
        }
      }
    }
    expect(tooWide).toEqual([]);
    // Eleven pages, each twice with a full-page screenshot, on two cores shared with other work.
  }, 120_000);

  it('shows the notice-period and error-budget tables on a phone as one card per row, cells full width, and the monthly figures newest month first', async () => {
    for (const [path, table] of [
      ['/compliance/', 'main table'],
      ['/service-levels/', 'table#budget'],
    ] as const) {
      const page = await open(path, PHONE);
      // Six squeezed columns left each cell a few characters wide ("メンテナンス" a character per line).
      const widths = await page
        .locator(`${table} tbody td`)
        .evaluateAll((cells) => cells.map((c) => Math.round(c.getBoundingClientRect().width)));
      expect(widths.length, `${path} has rows`).toBeGreaterThan(0);
      expect(Math.min(...widths), `${path}: the narrowest cell, in px`).toBeGreaterThan(PHONE.width * 0.8);
    }
    const page = await open('/service-levels/', PHONE);
    expect(await page.locator('#monthly thead th').nth(1).innerText()).toBe('2026年11月');
  });

  for (const home of ['/', '/en/'])
    it(`shows ${home}'s next maintenance and how to get help within the first two screens of a phone`, async () => {
      const page = await open(home, PHONE);
      const top = (selector: string) =>
        page
          .locator(selector)
          .first()
          .evaluate((e) => e.getBoundingClientRect().top + window.scrollY);
      const twoScreens = 2 * PHONE.height;
      expect(
        await page.locator('[data-notice-item][data-kind="maintenance"]').count(),
        'an upcoming maintenance is listed',
      ).toBeGreaterThan(0);
      expect(await top('[data-notice-item][data-kind="maintenance"]'), 'the next maintenance').toBeLessThan(twoScreens);
      expect(await top('#help'), 'the help block').toBeLessThan(twoScreens);
      const help = page.locator('#get-help');
      expect(await help.locator('a[data-contact="phone"]').getAttribute('href')).toBe('tel:0120123456');
      expect(await help.locator('a[data-contact="form"]').getAttribute('href')).toBe('https://example.jp/contact');
      expect(await help.locator('a[data-contact="email"]').getAttribute('href')).toBe('mailto:support@example.jp');
      expect(await help.locator('[data-support-desk]').innerText()).toMatch(home === '/' ? /受付中/ : /open now/);
    });
});
