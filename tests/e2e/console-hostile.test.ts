import type { Browser, BrowserContext, Page } from 'playwright-core';
import pLimit from 'p-limit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../support/browser.ts';
import { signIn } from '../support/console.ts';
import { E2E_TOKEN, operatorApi, waitFor } from '../support/http.ts';
import { startServer } from '../support/server.ts';

/**
 * bad-inputs.md 1 and 2 on the console: hostile text in every field a console page shows, then
 * every page a signed-in admin reaches by links, in Chromium. Each payload sets `window.__pwned`
 * if it runs; the console's CSP would stop an inline handler, so a CSP violation counts too: it
 * means markup got through unescaped and only the CSP stood in the way.
 */
const SHORT = `"><img src=x onerror=window.__pwned=1><svg onload=window.__pwned=2>' onfocus=window.__pwned=3 x='`;
const LONG = `${SHORT} <script>window.__pwned=4</script> [link](javascript:window.__pwned=5) {{7*7}} \${7*7} ]]>`;
const USER_AGENT = `Mozilla/5.0 (X11; Linux x86_64) ${SHORT} <script>window.__pwned=6</script> Chrome/140.0`;
/** What every payload has in common, and the text that proves it was shown as characters. */
const MARKER = 'window.__pwned=';
const ADMIN = { email: 'crawl.admin@example.jp', password: 'a long admin passphrase 7' };
const MAX_PAGES = 70;

/**
 * What a console path shows, ids and query taken out: `/admin/maintenance/x1/cancel` →
 * `maintenance/:id/cancel`. Lists and forms keep their language (each catalogue is crawled);
 * a record's pages do not (the same code renders every record in either language).
 */
const VERBS = /^(new|edit|cancel|reschedule|updates|amend|postpone|withdraw|revoke|totp|code|password|sessions)$/;
function shapeOf(path: string): string {
  const [, en, rest] = /^\/(en\/)?admin\/?([^?]*)/.exec(path) ?? ['', '', path];
  const segments = (rest ?? '').split('/').map((seg, i) => (i > 0 && seg && !VERBS.test(seg) ? ':id' : seg));
  const shape = segments.join('/');
  return shape.includes(':id') ? shape : `${en ?? ''}${shape}`;
}

interface Visit {
  path: string;
  status: number;
  pwned: unknown;
  violations: string[];
  live: string[];
  links: string[];
  shown: boolean;
}

/** Collects CSP violations from the first byte of every document, before any page script could. */
const WATCH = `window.__csp = []; window.addEventListener('securitypolicyviolation',
  (e) => window.__csp.push(e.violatedDirective + ' ' + (e.blockedURI || '') + ' ' + (e.sample || '')), true);`;

async function visit(page: Page, base: string, path: string): Promise<Visit> {
  const res = await page.goto(base + path);
  // Handlers fire as the document loads; a microtask later every one of them has had its chance.
  await page.waitForLoadState('load');
  const found = await page.evaluate((marker) => {
    const w = window as unknown as { __pwned?: unknown; __csp: string[] };
    const live: string[] = [];
    for (const el of document.querySelectorAll('*')) {
      for (const attr of el.getAttributeNames()) if (attr.startsWith('on')) live.push(`<${el.localName} ${attr}>`);
      for (const attr of ['href', 'src', 'action', 'formaction'])
        if (/^\s*javascript:/i.test(el.getAttribute(attr) ?? '')) live.push(`<${el.localName} ${attr}=javascript:>`);
      if (el.localName === 'script' && (el.textContent ?? '').includes(marker)) live.push('<script> of the payload');
    }
    return {
      pwned: w.__pwned ?? null,
      violations: w.__csp,
      live,
      links: [...document.querySelectorAll('a[href]')].map((a) => (a as HTMLAnchorElement).href),
      shown: document.body.innerText.includes(marker),
    };
  }, MARKER);
  return { path, status: res?.status() ?? 0, ...found };
}

describe('the console with hostile text in every field, in Chromium (bad-inputs.md 1, 2 and 15)', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let browser: Browser;
  let context: BrowserContext;
  const visits: Visit[] = [];
  const dialogs: string[] = [];
  const cookies: string[] = [];
  const details: string[] = [];

  beforeAll(async () => {
    [server, browser] = await Promise.all([
      startServer({ WEBHOOK_ALLOW_PRIVATE: '1' }, { until: 'listening' }),
      launchBrowser(),
    ]);
    const bootstrap = operatorApi(server.url, E2E_TOKEN);
    // The console needs the database, not the published site: no need to wait for the first publish.
    await waitFor(async () => expect((await bootstrap.get('/api/v1/health')).status).toBe(200), 30_000);
    // Before the first admin exists the bootstrap token may make operators and hand them tokens.
    const writer = await bootstrap.create('/api/v1/operators', {
      email: 'writer@example.jp',
      role: 'operator',
      name: SHORT,
    });
    const issued = await bootstrap.create<{ token: string }>('/api/v1/tokens', {
      operator_id: writer.id,
      label: SHORT,
    });
    await bootstrap.create('/api/v1/operators', { ...ADMIN, role: 'admin', name: SHORT });
    const api = operatorApi(server.url, issued.token);

    const component = await api.create('/api/v1/components', { name: SHORT, name_en: SHORT, description: LONG });
    const incident = await api.create('/api/v1/incidents', {
      name: LONG.slice(0, 200),
      name_en: LONG.slice(0, 200),
      body: LONG,
      body_en: LONG,
      components: { [component.id]: 'major_outage' },
    });
    expect(
      (await api.post(`/api/v1/incidents/${incident.id}/updates`, { status: 'identified', body: LONG })).status,
    ).toBe(201);
    expect(
      (await api.send('PATCH', `/api/v1/incidents/${incident.id}`, { name: SHORT, reason: LONG })).status,
    ).toBeLessThan(300);
    const maintenance = await api.create('/api/v1/maintenances', {
      title: LONG.slice(0, 200),
      body: LONG,
      components: [component.id],
      scheduled_for: '2027-01-20T02:00:00+09:00',
      scheduled_until: '2027-01-20T04:00:00+09:00',
      short_notice: { reason: LONG.slice(0, 500) },
    });
    const notice = await api.create('/api/v1/notices', {
      kind: 'termination',
      title: LONG.slice(0, 200),
      body: LONG,
      effective_at: '2027-09-01T00:00:00+09:00',
    });
    await api.create('/api/v1/contacts', { email: 'contact@customer.example', name: SHORT, language: 'ja' });
    await api.create('/api/v1/webhooks', { url: `http://127.0.0.1:9/${encodeURIComponent(SHORT)}?q=${SHORT}` });
    details.push(
      `/admin/incidents/${incident.id}`,
      `/en/admin/incidents/${incident.id}`,
      `/admin/maintenance/${maintenance.id}`,
      `/admin/notices/${notice.id}`,
    );

    // A sign-in that fails, with a hostile address and user agent: the login history shows both.
    const hostileClient = {
      request: (path: string, init: RequestInit = {}) =>
        fetch(server.url + path, {
          ...init,
          redirect: 'manual',
          headers: { ...(init.headers as Record<string, string>), 'User-Agent': USER_AGENT },
        }),
    };
    const failed = await signIn(hostileClient, { email: `"${SHORT}"@example.jp`, password: LONG });
    expect(failed.res.status).toBeGreaterThanOrEqual(400);
    context = await browser.newContext({ userAgent: USER_AGENT });
    await context.addInitScript(WATCH);
    context.on('dialog', async (d) => {
      dialogs.push(d.message());
      await d.dismiss();
    });
    context.on('response', async (r) => {
      const set = await r.headerValue('set-cookie');
      if (set) cookies.push(...set.split('\n'));
    });
    const page = await context.newPage();
    // The sign-in itself, with the hostile user agent, as a person would: the form.
    await page.goto(`${server.url}/admin/login`);
    await page.fill('#f-email', ADMIN.email);
    await page.fill('#f-password', ADMIN.password);
    await Promise.all([page.waitForURL(`${server.url}/admin/`), page.press('#f-password', 'Enter')]);
    // Breadth first, a few pages at a time in the one signed-in context.
    const tabs = [page, await context.newPage(), await context.newPage()];
    const limit = pLimit(tabs.length);
    const seen = new Set<string>();
    const perShape = new Map<string, number>();
    let level = ['/admin/', '/en/admin/', ...details];
    while (level.length > 0 && seen.size < MAX_PAGES) {
      const next: string[] = [];
      for (const path of level) {
        // A page of one kind is rendered by the same code whatever its record or language: one of
        // each shape (the standing window's dozen occurrences, paged lists) is enough.
        const shape = shapeOf(path);
        if (seen.has(path) || seen.size >= MAX_PAGES || (perShape.has(shape) && !details.includes(path))) continue;
        seen.add(path);
        perShape.set(shape, 1);
        next.push(path);
      }
      const free = [...tabs];
      const found = await Promise.all(
        next.map((path) =>
          limit(async () => {
            const tab = free.pop()!;
            try {
              return await visit(tab, server.url, path);
            } finally {
              free.push(tab);
            }
          }),
        ),
      );
      visits.push(...found);
      level = found.flatMap((v) =>
        v.links
          .map((href) => new URL(href))
          .filter((url) => url.origin === server.url && /^\/(en\/)?admin(\/|$)/.test(url.pathname))
          .map((url) => url.pathname + url.search),
      );
    }
  }, 60_000);
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.stop();
  });

  it('runs no script of the hostile text on any console page a signed-in admin reaches', () => {
    expect(visits.length).toBeGreaterThan(20);
    expect(visits.filter((v) => v.status >= 500).map((v) => `${v.path} ${v.status}`)).toEqual([]);
    expect(dialogs).toEqual([]);
    expect(visits.filter((v) => v.pwned !== null).map((v) => `${v.path}: __pwned=${v.pwned}`)).toEqual([]);
    // A violation means markup got through unescaped, and only the CSP kept it from running.
    expect(visits.flatMap((v) => v.violations.map((x) => `${v.path}: ${x}`))).toEqual([]);
    expect(visits.flatMap((v) => v.live.map((x) => `${v.path}: ${x}`))).toEqual([]);
    // The payloads were shown, as text, on the pages that list or show each hostile item.
    const shown = visits.filter((v) => v.shown).map((v) => v.path.split('?')[0]!);
    for (const area of [
      '/admin/incidents',
      '/admin/components',
      '/admin/maintenance',
      '/admin/notices',
      '/admin/contacts',
      '/admin/webhooks',
      '/admin/operators',
      '/admin/tokens',
      '/admin/audit',
      '/admin/login-history',
    ])
      expect(
        shown.some((p) => p === area || p.startsWith(`${area}/`)),
        `hostile text shown under ${area}`,
      ).toBe(true);
    for (const path of details) expect(shown, path).toContain(path);
  });

  it('sets every cookie of the console __Host-, Secure, HttpOnly and SameSite', () => {
    expect(cookies.length).toBeGreaterThan(0);
    for (const line of cookies) {
      expect(line, line).toMatch(/^__Host-/);
      expect(line, line).toMatch(/;\s*Secure/i);
      expect(line, line).toMatch(/;\s*HttpOnly/i);
      expect(line, line).toMatch(/;\s*SameSite=(Strict|Lax)/i);
      expect(line, line).not.toMatch(/;\s*Domain=/i);
    }
  });
});
