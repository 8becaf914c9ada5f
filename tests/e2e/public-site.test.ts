import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CATALOGUE } from '../../api/core/commands/seed-demo.ts';
import { launchBrowser, pageOpener } from '../support/browser.ts';
import { operatorApi, waitForText } from '../support/http.ts';
import { startServer } from '../support/server.ts';

/** A weekday morning outside the standing maintenance window (third Wednesday, 02:00–04:00 JST). */
const PINNED = '2026-11-24T10:00:00+09:00';

describe('the public site in Chromium, against the built server', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let browser: Browser;
  const api = operatorApi(() => server.url);
  const { open, externalRequests, dialogs } = pageOpener(
    () => browser,
    () => server.url,
    api.now,
  );

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer({}, { clock: PINNED }), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('lists every demo component by group on the Japanese home page', async () => {
    const page = await open('/');
    expect(await page.getAttribute('html', 'lang')).toBe('ja');
    const text = await page.locator('main').innerText();
    expect(text).toContain('すべてのサービスは正常に稼働しています');
    for (const group of DEMO_CATALOGUE) {
      expect(text).toContain(group.name);
      for (const c of group.components) expect(text).toContain(c.name);
    }
    expect(await page.locator('[data-component]').count()).toBe(
      DEMO_CATALOGUE.reduce((n, g) => n + g.components.length, 0),
    );
  });

  it('shows an incident posted through the API on the home and detail pages, in Japanese and English', async () => {
    const components = (await (await fetch(`${server.url}/api/v1/components`)).json()) as {
      components: Array<{ id: string; name: string }>;
    };
    const invoices = components.components.find((c) => c.name === 'BtoBプラットフォーム 請求書')!;
    const created = await api.post('/api/v1/incidents', {
      name: '請求書の送信に遅延が発生しています',
      name_en: 'Invoice delivery is delayed',
      body: '現在、原因を調査しています。',
      body_en: 'We are investigating the cause.',
      components: { [invoices.id]: 'partial_outage' },
    });
    expect(created.status).toBe(201);
    await waitForText(server.url, '/', '請求書の送信に遅延が発生しています');

    const home = await open('/');
    const active = home.locator('section[aria-labelledby="active"]');
    expect(await active.innerText()).toContain('請求書の送信に遅延が発生しています');
    expect(await active.innerText()).toContain('現在、原因を調査しています。');
    expect(await home.locator(`[data-component="${invoices.id}"]`).innerText()).toContain('一部障害');
    expect(await home.locator('[role="status"]').innerText()).toContain('一部のサービスで障害が発生しています');

    await home.getByRole('link', { name: '請求書の送信に遅延が発生しています' }).click();
    expect(home.url()).toBe(`${server.url}/incidents/${created.body.id}/`);
    expect(await home.locator('h1').innerText()).toBe('請求書の送信に遅延が発生しています');
    expect(await home.locator('main').innerText()).toMatch(/日本時間/);

    const en = await open(`/en/incidents/${created.body.id}/`);
    expect(await en.getAttribute('html', 'lang')).toBe('en');
    expect(await en.locator('h1').innerText()).toBe('Invoice delivery is delayed');
    expect(await en.locator('main').innerText()).toContain('We are investigating the cause.');
    expect(await en.locator('main').innerText()).toContain('JST');
    const enHome = await open('/en/');
    expect(await enHome.locator('main').innerText()).toContain('Invoice delivery is delayed');

    await api.post(`/api/v1/incidents/${created.body.id}/updates`, {
      status: 'resolved',
      body: '復旧しました。',
      body_en: 'Resolved.',
    });
    await waitForText(server.url, `/incidents/${created.body.id}/`, '復旧しました。');
    const after = await open('/');
    expect(await after.locator('[role="status"]').innerText()).toContain('すべてのサービスは正常に稼働しています');
  });

  it('works with JavaScript disabled: content, navigation and language switch', async () => {
    const page = await open('/', { javaScriptEnabled: false });
    expect(await page.locator('[data-component]').count()).toBeGreaterThan(0);
    await page.getByRole('link', { name: 'English' }).click();
    expect(page.url()).toBe(`${server.url}/en/`);
    expect(await page.locator('h1').innerText()).toBe('Status of the BtoB Platform');
    await page.getByRole('navigation', { name: 'Site' }).getByRole('link', { name: 'Incident history' }).click();
    expect(page.url()).toBe(`${server.url}/en/history/`);
  });

  it('never runs injected HTML from incident text', async () => {
    const created = await api.post('/api/v1/incidents', {
      name: '<img src=x onerror=alert("name")> "><svg onload=alert("svg")>',
      body: '<script>alert("body")</script> [link](javascript:alert("md")) <img src=x onerror=alert("img")> {{7*7}}',
      components: {},
    });
    expect(created.status).toBe(201);
    await waitForText(server.url, `/incidents/${created.body.id}/`, '{{7*7}}');
    for (const path of ['/', `/incidents/${created.body.id}/`, `/en/incidents/${created.body.id}/`]) {
      // open() resolves on the load event, which waits for every image to load or fail: any
      // injected onerror/onload handler has had its chance to run.
      const page = await open(path);
      const links = await page.locator('main a').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
      expect(
        links.some((h) => h.toLowerCase().startsWith('javascript:')),
        path,
      ).toBe(false);
      // No element made from user text: no image or SVG, and no script but our own same-origin files.
      expect(await page.locator('main img, main svg, script:not([src])').count(), path).toBe(0);
      const scripts = await page
        .locator('script[src]')
        .evaluateAll((ss) => ss.map((s) => (s as HTMLScriptElement).src));
      expect(
        scripts.filter((src) => !src.startsWith(`${server.url}/assets/`)),
        path,
      ).toEqual([]);
    }
    const detail = await open(`/incidents/${created.body.id}/`);
    expect(await detail.locator('h1').innerText()).toBe(
      '<img src=x onerror=alert("name")> "><svg onload=alert("svg")>',
    );
    expect(await detail.locator('main').innerText()).toContain('{{7*7}}');
    expect(dialogs).toEqual([]);
  });

  it('makes no request to any other origin', () => {
    expect(externalRequests).toEqual([]);
  });
});
