import { createRequire } from 'node:module';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../support/browser.ts';
import { operatorApi } from '../support/http.ts';
import { startServer } from '../support/server.ts';

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const WCAG_22_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const EMAIL = 'planner@example.jp';
const PASSWORD = 'correct horse battery 9';
/** The server's clock: 28 Nov 2026, 10:00 JST. Two weeks on is short notice whatever today is. */
const CLOCK = '2026-11-28T01:00:00Z';

async function axeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: axePath });
  const result = (await page.evaluate(
    (tags) =>
      (window as unknown as { axe: { run: (ctx: Document, o: object) => Promise<unknown> } }).axe.run(document, {
        runOnly: { type: 'tag', values: tags },
      }),
    WCAG_22_AA,
  )) as { violations: Array<{ id: string; help: string; nodes: Array<{ target: string[] }> }> };
  return result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

/**
 * Sends the form the focused control belongs to with Enter, as a keyboard user does; the POST's
 * status, once the browser has reached the page it leads to (`to`, a URL pattern).
 */
async function submitWithEnter(page: Page, to: RegExp): Promise<number> {
  const [answer] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST'),
    page.waitForURL(to, { waitUntil: 'load' }),
    page.keyboard.press('Enter'),
  ]);
  return answer.status();
}

/**
 * Issue 12's console, the maintenance part, on a 320 px phone: the schedule form refuses short
 * notice without a reason at the start field, with no WCAG 2.2 AA violation while the error shows,
 * and takes it with a reason.
 */
describe('scheduling maintenance at the console in Chromium', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let browser: Browser;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer({}, { clock: CLOCK }), launchBrowser()]);
    // An operator made with the bootstrap token (not an admin: the token stays valid for the others).
    await operatorApi(server.url).create('/api/v1/operators', { email: EMAIL, role: 'operator', password: PASSWORD });
  }, 90_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('refuses two weeks’ notice without a reason at the start field, accessibly at 320 px, then takes it with one', async () => {
    // bypassCSP: only so that axe-core can be injected; the console's own pages run no script.
    const context = await browser.newContext({ bypassCSP: true, viewport: { width: 320, height: 640 } });
    try {
      const page = await context.newPage();
      await page.goto(`${server.url}/admin/login?next=%2Fadmin%2Fmaintenance%2Fnew`);
      await page.fill('#f-email', EMAIL);
      await page.fill('#f-password', PASSWORD);
      await page.focus('#f-password');
      expect(await submitWithEnter(page, /\/admin\/maintenance\/new$/)).toBe(303);
      // The policy is beside the form before anything is typed.
      expect(await page.textContent('aside.policy')).toContain('6か月前までに告知');

      await page.fill('#f-title', '証明書の更新');
      await page.fill('#f-body', '数分間つながりにくくなります。');
      await page.fill('#f-scheduled_for', '2026-12-12T02:00');
      await page.fill('#f-scheduled_until', '2026-12-12T03:00');
      await page.focus('#f-components');
      await page.keyboard.press('Space');
      await page.focus('main form button[type="submit"]');
      expect(await submitWithEnter(page, /\/admin\/maintenance\/new$/)).toBe(422);

      expect(await page.getAttribute('#f-scheduled_for', 'aria-invalid')).toBe('true');
      expect(await page.textContent('#f-scheduled_for-error')).toContain('6か月');
      expect(await page.getAttribute('.error-summary a', 'href')).toBe('#f-scheduled_for');
      expect(await page.inputValue('#f-title')).toBe('証明書の更新');
      expect(await axeViolations(page)).toEqual([]);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);

      await page.fill('#f-short_notice_reason', '証明書の期限が迫っているため');
      await page.focus('main form button[type="submit"]');
      expect(await submitWithEnter(page, /\/admin\/maintenance\/(?!new$)[a-z0-9]+$/)).toBe(303);
      expect(await page.textContent('main')).toContain('メンテナンスを予定しました。');
      expect(await page.textContent('main')).toContain('2026年12月12日 02:00 日本時間');
      expect(await page.textContent('main')).toContain('短期予告');
    } finally {
      await context.close();
    }
  });
});
