import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations } from '../support/axe.ts';
import { launchBrowser } from '../support/browser.ts';
import { operatorApi } from '../support/http.ts';
import { startServer } from '../support/server.ts';

const EMAIL = 'first.admin@example.jp';
const PASSWORD = 'a long admin passphrase 7';

/** Presses Tab until `selector` has the focus; fails when it is not reached in `most` presses. */
async function tabTo(page: Page, selector: string, most = 15): Promise<void> {
  for (let i = 0; i < most; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
  }
  throw new Error(`${selector} not reached with ${most} presses of Tab`);
}

/** The console's sign-in in a real Chromium: keyboard only, the cookie as Chromium keeps it, axe-core on the page. */
describe('signing in to the console in Chromium', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let browser: Browser;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
    await operatorApi(server.url).create('/api/v1/operators', { email: EMAIL, role: 'admin', password: PASSWORD });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('finds no WCAG 2.2 AA violations on the sign-in and account pages, in both languages and colour schemes, at 320 px', async () => {
    const context = await browser.newContext({ bypassCSP: true, viewport: { width: 320, height: 640 } });
    try {
      const page = await context.newPage();
      const check = async (path: string) => {
        expect((await page.goto(server.url + path))?.status(), path).toBe(200);
        expect(await axeViolations(page), path).toEqual([]);
        // Nothing wider than the phone: no sideways scrolling.
        expect(await page.evaluate(() => document.documentElement.scrollWidth), path).toBeLessThanOrEqual(320);
      };
      await check('/admin/login');
      await page.emulateMedia({ colorScheme: 'dark' });
      await check('/admin/login');
      await page.emulateMedia({ colorScheme: 'light' });
      await check('/en/admin/login');
      await page.fill('#f-email', EMAIL);
      await page.fill('#f-password', PASSWORD);
      await Promise.all([page.waitForURL(`${server.url}/en/admin/`), page.press('#f-password', 'Enter')]);
      await check('/admin/account');
      await check('/en/admin/account');
      await check('/admin/account/totp');
    } finally {
      await context.close();
    }
  });

  it('signs in and out with the keyboard alone; the session cookie is __Host-, Secure, HttpOnly, SameSite=Strict', async () => {
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      const messages: string[] = [];
      page.on('console', (m) => messages.push(m.text()));
      await page.goto(`${server.url}/admin/account`);
      expect(new URL(page.url()).pathname + new URL(page.url()).search).toBe('/admin/login?next=%2Fadmin%2Faccount');
      // The skip link comes first.
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('本文へ移動');
      await tabTo(page, '#f-email');
      // The focus can be seen.
      expect(await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle)).toBe('solid');
      await page.keyboard.type(EMAIL);
      await page.keyboard.press('Tab');
      await page.keyboard.type(PASSWORD);
      await Promise.all([page.waitForURL(`${server.url}/admin/account`), page.keyboard.press('Enter')]);
      expect(await page.textContent('h1')).toBe('アカウント');

      const cookies = await context.cookies();
      const session = cookies.find((c) => c.name === '__Host-shirase_session');
      expect(session).toMatchObject({
        path: '/',
        secure: true,
        httpOnly: true,
        sameSite: 'Strict',
        domain: '127.0.0.1',
      });
      expect(session!.value).toMatch(/^[\w-]{43}$/);

      await tabTo(page, 'header form button[type="submit"]', 30);
      await Promise.all([page.waitForURL(`${server.url}/admin/login`), page.keyboard.press('Enter')]);
      await page.goto(`${server.url}/admin/account`);
      expect(new URL(page.url()).pathname).toBe('/admin/login');
      // No CSP violation reported on the way (an inline style or script would be one).
      expect(messages.filter((m) => /Content Security Policy/i.test(m))).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
