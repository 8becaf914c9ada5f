import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import { getRequestListener } from '@hono/node-server';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { components } from '../../db/schema/index.ts';
import { serveStatic, doorOf } from '../../api/server/static.ts';
import type { Database } from '../../db/client.ts';
import { EMPTY_MODEL, NOW } from '../fixtures/public-model.ts';
import { launchBrowser } from '../support/browser.ts';
import { openTestDatabase } from '../support/db.ts';
import { publishAndServe } from '../support/published-site.ts';
import { subscriptionApp, urlIn } from '../support/subscribe.ts';
import { makeComponent } from '../unit/service-levels/make-model.ts';

/**
 * Issue 11's subscriber in a real Chromium with JavaScript off: signs up on the published
 * /en/subscribe/ page for one service, confirms from the e-mail's link, and unsubscribes with one
 * POST. One listener answers as the server does (api/server/main.ts): the door by the backend's
 * app, every other path from the published files.
 */
const CATALOGUE = [
  makeComponent('billing', { name: '請求書', nameEn: 'Billing', position: 0 }),
  makeComponent('login', { name: 'ログイン', nameEn: 'Login', position: 1 }),
];

let database: Database;
let site: Awaited<ReturnType<typeof publishAndServe>>;
let door: ReturnType<typeof subscriptionApp>;
let server: Server;
let base: string;
let browser: Browser;

beforeAll(async () => {
  [database, site, browser] = await Promise.all([
    openTestDatabase('pglite'),
    publishAndServe({ model: () => ({ ...EMPTY_MODEL, components: CATALOGUE }), now: () => NOW }),
    launchBrowser(),
  ]);
  await database.db.insert(components).values(
    CATALOGUE.map((c) => ({
      id: c.id,
      name: c.name,
      nameEn: c.nameEn,
      position: c.position,
      createdAt: NOW,
      updatedAt: NOW,
    })),
  );
  server = createServer((req, res) => {
    if (doorOf(req.url ?? '/', null) === 'api') void getRequestListener(door.app.fetch)(req, res);
    else void serveStatic(site.store, req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  // The door's SITE_URL is this listener, so that the browser follows its redirects and links here.
  door = subscriptionApp(database, { siteUrl: base });
});
afterAll(async () => {
  await browser?.close();
  door?.close();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  await site?.close();
  await database?.close();
});

test('a subscriber signs up from the page without JavaScript, confirms from the e-mail, and leaves with one POST', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`${base}/en/subscribe/`);
  await page.getByLabel('E-mail address').fill('browser@customer.example');
  await page.getByLabel('Only the services I choose').check();
  await page.getByLabel('Login', { exact: true }).check();
  await page.getByLabel('Notices (changes, end of service)').uncheck();
  await page.getByRole('button', { name: 'Send the confirmation e-mail' }).click();
  await page.waitForURL(`${base}/en/subscribe/sent/`);
  await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Check your inbox');

  const [mail] = await door.mails();
  await page.goto(urlIn(mail!.text!, `${base}/subscription/confirm?`));
  expect(await door.subscriber('browser@customer.example')).toMatchObject({ confirmedAt: null });
  await page.getByRole('button', { name: 'Confirm' }).click();
  await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Subscription confirmed');
  const row = await door.subscriber('browser@customer.example');
  expect(row).toMatchObject({ language: 'en', components: ['login'], kinds: ['incidents', 'maintenance'] });
  expect(row?.confirmedAt).not.toBeNull();

  // A mail provider's one-click unsubscribe: one POST of the List-Unsubscribe URL, no page in between.
  const res = await fetch(door.service.links(row!).unsubscribeUrl, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: 'List-Unsubscribe=One-Click',
  });
  expect(res.status).toBe(200);
  expect(await door.subscriber('browser@customer.example')).toBeNull();
  await context.close();
});

test('the sign-up pages and the door’s own pages pass axe-core’s WCAG 2.2 AA rules, in both languages', async () => {
  const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
  // The door's pages look nothing up on a GET: any token shows the same page.
  const paths = ['/subscribe/', '/en/subscribe/', '/subscribe/sent/', '/en/subscribe/sent/'].concat(
    ['confirm', 'unsubscribe'].flatMap((p) => ['ja', 'en'].map((l) => `/subscription/${p}?token=x&lang=${l}`)),
  );
  const found: Record<string, string[]> = {};
  const context = await browser.newContext({ bypassCSP: true });
  for (const path of paths) {
    const page = await context.newPage();
    expect((await page.goto(base + path))?.status(), path).toBe(200);
    await page.addScriptTag({ path: axePath });
    const ids = await page.evaluate(async () => {
      const { axe } = window as unknown as {
        axe: { run: (d: Document, o: object) => Promise<{ violations: { id: string }[] }> };
      };
      const result = await axe.run(document, {
        runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
      });
      return result.violations.map((v) => v.id);
    });
    if (ids.length > 0) found[path] = ids;
    await page.close();
  }
  await context.close();
  expect(found).toEqual({});
});
