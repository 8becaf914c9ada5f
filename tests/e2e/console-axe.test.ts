import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations } from '../support/axe.ts';
import { launchBrowser } from '../support/browser.ts';
import { signIn } from '../support/console.ts';
import { setClock } from '../support/clock.ts';
import { E2E_TOKEN, operatorApi, waitFor } from '../support/http.ts';
import { startServer } from '../support/server.ts';

/**
 * Issue 12: the console "meets WCAG 2.2 AA, usable on a phone". Every page an admin reaches by
 * links from /admin/ and /en/admin/, with a little of everything on it, is checked by axe-core at
 * 320 px and at a desktop width, and at 320 px must not scroll sideways (WCAG 1.4.10: a wide table
 * scrolls inside its own focusable region instead).
 */
const ADMIN = { email: 'axe.admin@example.jp', password: 'a long admin passphrase 8' };
const PHONE = { width: 320, height: 640 };
const DESKTOP = { width: 1280, height: 800 };
const MAX_PAGES = 45;

/** One page of each kind: a record's pages share their code whatever the record or the language. */
function shapeOf(path: string): string {
  const rest = /^\/(?:en\/)?admin\/?([^?]*)/.exec(path)?.[1] ?? path;
  return rest
    .split('/')
    .map((seg, i) => (i > 0 && /\d|^[0-9a-f-]{20,}$/i.test(seg) ? ':id' : seg))
    .join('/');
}

interface Checked {
  path: string;
  status: number;
  phone: string[];
  desktop: string[];
  scrollWidth: number;
  /** Elements at 320 px that scroll sideways but cannot take the focus: a keyboard cannot scroll them. */
  stuck: string[];
  regions: number;
  links: string[];
}

/** The phone in the dark scheme, the desktop in the light one: each width and each scheme once. */
async function check(page: Page, base: string, path: string): Promise<Checked> {
  await page.setViewportSize(PHONE);
  await page.emulateMedia({ colorScheme: 'dark' });
  const res = await page.goto(base + path);
  return audit(page, path, res?.status() ?? 0);
}

/** The page now shown, whichever way it was reached (a link, a form). */
async function audit(page: Page, path: string, status: number): Promise<Checked> {
  await page.setViewportSize(PHONE);
  await page.emulateMedia({ colorScheme: 'dark' });
  const { scrollWidth, stuck } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    stuck: [...document.body.querySelectorAll<HTMLElement>('*')]
      .filter((el) => el.scrollWidth > el.clientWidth + 1 && /auto|scroll/.test(getComputedStyle(el).overflowX))
      .filter(
        (el) =>
          !(
            el.tabIndex >= 0 &&
            el.getAttribute('role') === 'region' &&
            (el.hasAttribute('aria-label') || el.hasAttribute('aria-labelledby'))
          ),
      )
      .map(
        (el) =>
          `<${el.localName} class="${el.className}"> in ${el.closest('section, main')?.querySelector('h1, h2')?.textContent}`,
      ),
  }));
  const phone = await axeViolations(page);
  await page.setViewportSize(DESKTOP);
  await page.emulateMedia({ colorScheme: 'light' });
  const desktop = await axeViolations(page);
  const links = await page.evaluate(() =>
    [...document.querySelectorAll('a[href]')].map((a) => (a as HTMLAnchorElement).href),
  );
  const regions = await page.locator('.table-wrap').count();
  return { path, status, phone, desktop, scrollWidth, stuck, regions, links };
}

describe('every console page an admin reaches, in Chromium at 320 px (dark) and at 1280 px (light)', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let browser: Browser;
  const checked: Checked[] = [];
  let refused: Checked;
  let firstError: string | null;
  let afterTemplate: { name: string; body: string; status: string };

  beforeAll(async () => {
    [server, browser] = await Promise.all([
      startServer({}, { until: 'listening', clock: '2026-11-28T10:00:00+09:00' }),
      launchBrowser(),
    ]);
    const bootstrap = operatorApi(server.url, E2E_TOKEN);
    await waitFor(async () => expect((await bootstrap.get('/api/v1/health')).status).toBe(200), 30_000);
    // Before the first admin exists the bootstrap token may make operators and hand out tokens.
    const writer = await bootstrap.create('/api/v1/operators', {
      email: 'writer@example.jp',
      role: 'operator',
      name: '当番 太郎',
    });
    const issued = await bootstrap.create<{ token: string }>('/api/v1/tokens', { operator_id: writer.id, label: 'CI' });
    await bootstrap.create('/api/v1/operators', { ...ADMIN, role: 'admin', name: 'Admin' });
    const api = operatorApi(server.url, issued.token);
    const component = await api.create('/api/v1/components', { name: 'ログイン', name_en: 'Sign-in' });
    const incident = await api.create('/api/v1/incidents', {
      name: 'ログインできない',
      name_en: 'Cannot sign in',
      body: '調査しています。',
      body_en: 'We are investigating.',
      components: { [component.id]: 'major_outage' },
    });
    expect(
      (
        await api.post(`/api/v1/incidents/${incident.id}/updates`, {
          status: 'identified',
          body: '原因を特定しました。',
        })
      ).status,
    ).toBe(201);
    const maintenance = await api.create('/api/v1/maintenances', {
      title: 'データベースの更新',
      body: '停止します。',
      components: [component.id],
      scheduled_for: '2027-01-20T02:00:00+09:00',
      scheduled_until: '2027-01-20T04:00:00+09:00',
      short_notice: { reason: '緊急のセキュリティ修正' },
    });
    const notice = await api.create('/api/v1/notices', {
      kind: 'termination',
      title: '旧 API の終了',
      body: '終了します。',
      effective_at: '2027-09-01T00:00:00+09:00',
    });
    await api.create('/api/v1/contacts', { email: 'contact@customer.example', name: '顧客 花子', language: 'ja' });
    await api.create('/api/v1/webhooks', { url: 'http://hooks.customer.example/shirase' });
    const signedUp = await fetch(`${server.url}/subscription/`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'email=reader%40customer.example&language=ja&scope=all&kind=incidents&kind=maintenance&kind=notices',
    });
    expect(signedUp.status).toBe(303);
    // The incident's promised update (30 minutes) is late an hour on: the overdue list has a row.
    await setClock(server.url, '2026-11-28T11:00:00+09:00');
    // The incident went to the contact and the webhook: the deliveries list has rows.
    await waitFor(async () => expect((await api.get('/api/v1/deliveries')).body.deliveries.length).toBeGreaterThan(0));
    // A failed sign-in, for the login history.
    const failed = await signIn(
      { request: (p, init) => fetch(server.url + p, { ...init, redirect: 'manual' }) },
      {
        email: ADMIN.email,
        password: 'not the password at all',
      },
    );
    expect(failed.res.status).toBeGreaterThanOrEqual(400);

    const context = await browser.newContext({ bypassCSP: true, viewport: PHONE });
    const page = await context.newPage();
    await page.goto(`${server.url}/admin/login`);
    await page.fill('#f-email', ADMIN.email);
    await page.fill('#f-password', ADMIN.password);
    await Promise.all([page.waitForURL(`${server.url}/admin/`), page.press('#f-password', 'Enter')]);
    const details = [
      `/admin/incidents/${incident.id}`,
      `/admin/maintenance/${maintenance.id}`,
      `/admin/notices/${notice.id}`,
    ];
    const tabs = [page, await context.newPage(), await context.newPage()];
    // Breadth first, one page of each shape; GET only (links), so nothing changes as it goes.
    const seen = new Set<string>();
    const shapes = new Set<string>();
    let level = ['/admin/', '/en/admin/', ...details];
    while (level.length > 0 && seen.size < MAX_PAGES) {
      const next: string[] = [];
      for (const path of level) {
        const shape = shapeOf(path);
        if (seen.has(path) || seen.size >= MAX_PAGES || (shapes.has(shape) && path !== '/en/admin/')) continue;
        seen.add(path);
        shapes.add(shape);
        next.push(path);
      }
      // Three tabs, each its share in turn: axe-core keeps one renderer busy, and each tab has its own.
      const shares = await Promise.all(
        tabs.map(async (tab, t) => {
          const mine: Checked[] = [];
          for (const path of next.filter((_, i) => i % tabs.length === t))
            mine.push(await check(tab, server.url, path));
          return mine;
        }),
      );
      const found = shares.flat();
      checked.push(...found);
      level = found
        .flatMap((v) => v.links)
        .map((href) => new URL(href))
        .filter((url) => url.origin === server.url && /^\/(en\/)?admin(\/|$)/.test(url.pathname))
        .filter((url) => !/\/logout$/.test(url.pathname))
        .map((url) => url.pathname + url.search);
    }

    // The new-incident form as a keyboard user fills it: a title, then a template (Enter on its
    // button), then a detected time in the future, published: refused, the errors shown.
    await page.setViewportSize(PHONE);
    await page.goto(`${server.url}/admin/incidents/new`);
    await page.fill('#f-name', '請求書が届かない');
    await page.focus('button[name="template"][value="identified"]');
    await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.keyboard.press('Enter')]);
    await page.waitForLoadState('load');
    afterTemplate = {
      name: await page.inputValue('#f-name'),
      body: await page.inputValue('#f-body'),
      status: await page.inputValue('#f-status'),
    };
    await page.fill('#f-detected_at', '2026-11-28T12:00');
    await page.focus('button[name="intent"][value="publish"]');
    const [refusedAnswer] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST'),
      page.keyboard.press('Enter'),
    ]);
    await page.waitForLoadState('load');
    refused = await audit(page, '/admin/incidents/new (refused)', refusedAnswer.status());
    firstError = await page.evaluate(() => document.querySelector('.error-summary a')?.getAttribute('href') ?? null);
    await context.close();
    // Every console page, audited at two widths: 30-50 s on two whole cores, more where a VM gives less.
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('reaches every area of the console, each page answering 200', () => {
    expect(checked.filter((v) => v.status !== 200).map((v) => `${v.path} ${v.status}`)).toEqual([]);
    const paths = checked.map((v) => v.path);
    for (const area of ['incidents', 'overdue', 'components', 'maintenance', 'notices', 'contacts', 'subscribers'])
      expect(paths, area).toContain(`/admin/${area}`);
    for (const area of ['webhooks', 'deliveries', 'operators', 'tokens', 'audit', 'login-history', 'account'])
      expect(paths, area).toContain(`/admin/${area}`);
    expect(paths.some((p) => p.startsWith('/admin/incidents/new'))).toBe(true);
  });

  it('shows the overdue update and the deliveries in their tables', () => {
    for (const area of ['overdue', 'deliveries'])
      expect(checked.find((v) => v.path === `/admin/${area}`)?.regions, area).toBe(1);
  });

  it('lets a keyboard user pick a template without losing the title, and shows a refused time at its field', () => {
    expect(afterTemplate).toMatchObject({ name: '請求書が届かない', status: 'identified' });
    expect(afterTemplate.body).toMatch(/^原因を特定し/);
    expect(refused.status).toBe(422);
    expect(firstError).toBe('#f-detected_at');
    expect([...refused.phone, ...refused.desktop, ...refused.stuck]).toEqual([]);
    expect(refused.scrollWidth).toBeLessThanOrEqual(PHONE.width + 1);
  });

  it('has no WCAG 2.2 AA violation that axe-core finds, at 320 px or at 1280 px', () => {
    expect(checked.flatMap((v) => v.phone.map((x) => `${v.path} (320 px): ${x}`))).toEqual([]);
    expect(checked.flatMap((v) => v.desktop.map((x) => `${v.path} (1280 px): ${x}`))).toEqual([]);
  });

  it('does not scroll sideways at 320 px: a wide table scrolls inside a named region the keyboard can focus', () => {
    expect(checked.filter((v) => v.scrollWidth > PHONE.width + 1).map((v) => `${v.path}: ${v.scrollWidth} px`)).toEqual(
      [],
    );
    expect(checked.flatMap((v) => v.stuck.map((x) => `${v.path}: ${x}`))).toEqual([]);
  });
});
