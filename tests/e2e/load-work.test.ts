import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../support/browser.ts';
import { startServer } from '../support/server.ts';

/** A weekday morning: the phone desk is open as the page is published. */
const PINNED = '2026-11-24T10:00:00+09:00';
/** That night, when a copy read then must say the desk is closed. */
const NIGHT = '2026-11-24T23:30:00+09:00';
/** Lighthouse's mobile viewport. */
const PHONE = { width: 412, height: 823 };

/**
 * What the main thread does while the home page loads on a phone: the work Lighthouse's Total
 * Blocking Time counts. Counted in calls, not milliseconds, so that the load of the machine
 * cannot decide the outcome.
 */
describe('the home page’s work on load', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let browser: Browser;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer({}, { clock: PINNED }), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('keeps the support desk sentence right on a copy read later without building a date formatter', async () => {
    const context = await browser.newContext({ viewport: PHONE });
    try {
      await context.clock.install({ time: new Date(NIGHT) });
      // A formatter for Japanese times in a time zone is a long task on a phone (80–280 ms at 4x slowdown).
      await context.addInitScript(() => {
        const Original = Intl.DateTimeFormat;
        (window as unknown as { formatters: number }).formatters = 0;
        Intl.DateTimeFormat = new Proxy(Original, {
          construct(target, args) {
            (window as unknown as { formatters: number }).formatters++;
            return Reflect.construct(target, args);
          },
          apply(target, self, args) {
            (window as unknown as { formatters: number }).formatters++;
            return Reflect.apply(target, self, args);
          },
        });
      });
      const page = await context.newPage();
      await page.goto(`${server.url}/`);
      const desk = page.locator('#get-help [data-support-desk]');
      await expect
        .poll(() => desk.innerText())
        .toMatch(/^電話窓口は現在受付時間外です。次の受付開始は .*11月25日.* 日本時間です。$/);
      expect(await page.evaluate(() => (window as unknown as { formatters: number }).formatters)).toBe(0);
    } finally {
      await context.close();
    }
  });

  it('lays out no uptime bars of the components three screens and more down the page as it loads', async () => {
    const context = await browser.newContext({ viewport: PHONE });
    try {
      // content-visibility: auto tells each element's state as it is decided, from the first frame.
      await context.addInitScript(() => {
        const w = window as unknown as { skipped: Set<Element> };
        w.skipped = new Set();
        document.addEventListener(
          'contentvisibilityautostatechange',
          (e) => {
            const event = e as Event & { skipped: boolean };
            if (event.skipped) w.skipped.add(event.target as Element);
            else w.skipped.delete(event.target as Element);
          },
          true,
        );
      });
      const page = await context.newPage();
      await page.goto(`${server.url}/`, { waitUntil: 'load' });
      // Its own box's place, which content-visibility keeps without laying out what is inside.
      const components = await page.evaluate(() => {
        const skipped = (window as unknown as { skipped: Set<Element> }).skipped;
        return [...document.querySelectorAll('.uptime .component')].map((c) => ({
          id: c.getAttribute('data-uptime'),
          screens: Math.floor(c.getBoundingClientRect().top / window.innerHeight),
          skipped: skipped.has(c),
        }));
      });
      // The browser lays out what is within a screen or two of the viewport (Chromium: the two
      // components starting in the third screen); from the fourth, nothing.
      const far = components.filter((c) => c.screens >= 3);
      expect(far.length, JSON.stringify(components)).toBeGreaterThanOrEqual(5);
      expect(far.filter((c) => !c.skipped)).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('shows a day’s text above its bar on hover, outside its component’s box', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    try {
      const page = await context.newPage();
      await page.goto(`${server.url}/`);
      const bar = page.locator('.uptime .component').first().locator('.bars > li').nth(45);
      await bar.scrollIntoViewIfNeeded();
      await bar.hover();
      const shown = await bar.locator('span').evaluate((span) => {
        const box = span.getBoundingClientRect();
        const component = span.closest('.component')!.getBoundingClientRect();
        // What a pointer finds near the text's top edge: the text itself unless it is clipped away.
        const found = document.elementFromPoint(box.left + box.width / 2, box.top + 2);
        return { above: box.top < component.top, visible: found === span || span.contains(found) };
      });
      expect(shown).toEqual({ above: true, visible: true });
    } finally {
      await context.close();
    }
  });
});
