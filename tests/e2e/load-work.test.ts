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
});
