import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations } from '../support/axe.ts';
import { launchBrowser } from '../support/browser.ts';
import { operatorApi, waitForText } from '../support/http.ts';
import { startServer } from '../support/server.ts';

const EMAIL = 'oncall@example.jp';
const PASSWORD = 'correct horse battery 9';

/** Presses Tab until `target` has the focus: the way a keyboard user reaches a field. */
async function tabTo(page: Page, target: Locator) {
  const handle = await target.elementHandle();
  for (let i = 0; i < 80; i++) {
    if (await page.evaluate((el) => document.activeElement === el, handle)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${target}`);
}

/**
 * Issue 12's console, the incident part: an operator signs in, writes an incident with the keyboard
 * alone and publishes it, and it is on the public page; the form passes axe-core (WCAG 2.2 AA).
 */
describe('an operator at the console in Chromium', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let browser: Browser;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
    // An operator account made with the bootstrap token (an operator, not an admin: the token stays valid).
    await operatorApi(server.url).create('/api/v1/operators', { email: EMAIL, role: 'operator', password: PASSWORD });
  }, 90_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('posts an incident with the keyboard and sees it on the public page; axe finds no violation on the form, its preview, the incident’s page or the services’', async () => {
    // bypassCSP: only so that axe-core can be injected; the console's own pages run no script.
    const context = await browser.newContext({ bypassCSP: true });
    const page = await context.newPage();
    await page.goto(`${server.url}/en/admin/login`);
    await tabTo(page, page.getByLabel('Email'));
    await page.keyboard.type(EMAIL);
    await page.keyboard.press('Tab');
    await page.keyboard.type(PASSWORD);
    await page.keyboard.press('Enter');
    await page.waitForURL(`${server.url}/en/admin/`);

    await page.goto(`${server.url}/en/admin/incidents/new`);
    expect(await axeViolations(page)).toEqual([]);

    await tabTo(page, page.getByLabel('Title (Japanese)'));
    await page.keyboard.type('請求書の送信が遅れています');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Invoices are delayed');
    const firstService = page.locator('fieldset.components select').first();
    await tabTo(page, firstService);
    // Not named → operational → degraded performance.
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await tabTo(page, page.getByLabel('Text (Japanese, Markdown)'));
    await page.keyboard.type('請求書の送信が**遅延**しています。');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Sending invoices is delayed.');

    await tabTo(page, page.getByRole('button', { name: 'Preview' }));
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'As the public page will show it (not saved yet)' }).waitFor();
    expect(await page.locator('section.preview[lang="ja"] .md strong').textContent()).toBe('遅延');
    expect(await axeViolations(page)).toEqual([]);

    await tabTo(page, page.getByRole('button', { name: 'Publish' }));
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/en\/admin\/incidents\/[\w-]+$/);
    expect(await page.getByRole('status').textContent()).toContain('The incident is published.');
    const id = new URL(page.url()).pathname.split('/').at(-1)!;

    const publicPage = await waitForText(server.url, `/en/incidents/${id}/`, 'Invoices are delayed', 30_000);
    expect(publicPage).toContain('<p>Sending invoices is delayed.</p>');
    expect(publicPage).toContain('Degraded performance');
    const japanese = await waitForText(server.url, `/incidents/${id}/`, '請求書の送信が遅れています', 30_000);
    expect(japanese).toContain('請求書の送信が<strong>遅延</strong>しています。');
    await waitForText(server.url, '/en/', 'Invoices are delayed', 30_000);

    // The pages with forms around it: the incident's own (update, title, deletion) and the services'.
    for (const path of [`/en/admin/incidents/${id}`, '/admin/components']) {
      await page.goto(server.url + path);
      expect(await axeViolations(page), path).toEqual([]);
    }
    await context.close();
  });
});
