import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, pageOpener } from '../support/browser.ts';
import { E2E_TOKEN, startServer } from '../support/server.ts';

const hhmm = (iso: string) =>
  new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Asia/Tokyo',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(new Date(iso));
const jstDate = (d: Date) => {
  const [y, m, day] = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Tokyo' }).format(d).split('-').map(Number) as [
    number,
    number,
    number,
  ];
  return `${y}年${m}月${day}日`;
};

describe('service levels on the public site, in Chromium', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let browser: Browser;
  const { open, externalRequests } = pageOpener(
    () => browser,
    () => server.url,
  );
  let invoices: { id: string; name: string; name_en: string };

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
    const { components } = (await (await fetch(`${server.url}/api/v1/components`)).json()) as {
      components: Array<typeof invoices>;
    };
    invoices = components.find((c) => c.name === 'BtoBプラットフォーム 請求書')!;
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function post(path: string, body: unknown) {
    const res = await fetch(server.url + path, {
      method: 'POST',
      headers: { Authorization: `Bearer ${E2E_TOKEN}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(res.status).toBe(201);
    return (await res.json()) as { id: string; created_at: string };
  }

  async function waitFor(path: string, text: string): Promise<void> {
    const started = Date.now();
    while (Date.now() - started < 10_000) {
      if ((await (await fetch(server.url + path)).text()).includes(text)) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`"${text}" did not appear on ${path}`);
  }

  it('shows 90 daily bars per component, each day named in words for screen readers, without JavaScript', async () => {
    const page = await open('/', { javaScriptEnabled: false });
    const bars = page.getByRole('list', { name: `${invoices.name}の日ごとの稼働状況（古い日から順に）` });
    await expect(bars.getByRole('listitem').count()).resolves.toBe(90);
    const today = jstDate(new Date());
    // Measured from the catalogue's creation today: earlier days say "no data", not 100%.
    expect(await bars.getByRole('listitem').last().innerText()).toBe(`${today}: 稼働率 100%`);
    expect(await bars.getByRole('listitem').first().textContent()).toMatch(/: データなし（記録の開始前）$/);
    await expect(page.getByRole('heading', { name: '過去90日間の稼働状況' }).isVisible()).resolves.toBe(true);
    // Not colour alone: the legend says what each bar shape means.
    expect(await page.locator('.legend').innerText()).toContain('重大な障害（最も低い棒）');
  });

  it('links a day with an incident to it, focusable by keyboard, with the minutes in the bar’s text', async () => {
    const detected = new Date(Date.now() - 12 * 60_000).toISOString();
    const incident = await post('/api/v1/incidents', {
      name: '請求書の一部が表示できません',
      name_en: 'Some invoices fail to open',
      body: '調査しています。',
      detected_at: detected,
      components: { [invoices.id]: 'partial_outage' },
    });
    await waitFor('/', '請求書の一部が表示できません');
    const page = await open('/');
    const day = page
      .getByRole('list', { name: `${invoices.name}の日ごとの稼働状況（古い日から順に）` })
      .getByRole('link');
    await expect(day.count()).resolves.toBe(1);
    expect(await day.textContent()).toMatch(/: 稼働率 99\.\d+%、一部障害 12(\.\d)?分$/);
    expect(await day.getAttribute('href')).toBe(`/incidents/${incident.id}/`);
    await day.focus();
    await expect(
      page.evaluate(() => document.activeElement?.closest('[data-uptime]')?.getAttribute('data-uptime')),
    ).resolves.toBe(invoices.id);
    // The details of the days with trouble open from the keyboard.
    const summary = page.locator(`[data-uptime="${invoices.id}"] summary`);
    await summary.focus();
    await page.keyboard.press('Enter');
    await expect(page.locator(`[data-uptime="${invoices.id}"] details table`).innerText()).resolves.toContain(
      '請求書の一部が表示できません',
    );
  });

  it('says on an active incident when the next update is due, in Japanese and English', async () => {
    const created = await post('/api/v1/incidents', {
      name: '契約書の送信遅延',
      name_en: 'Contract delivery delayed',
      body: '調査しています。',
      components: { [invoices.id]: 'degraded_performance' },
    });
    await waitFor('/', '契約書の送信遅延');
    const due = hhmm(new Date(new Date(created.created_at).getTime() + 30 * 60_000).toISOString());
    const ja = await open(`/incidents/${created.id}/`, { javaScriptEnabled: false });
    expect(await ja.locator('.next-update').innerText()).toBe(`次回更新予定 ${due} 日本時間`);
    const en = await open('/en/', { javaScriptEnabled: false });
    const card = en.locator('article', { hasText: 'Contract delivery delayed' });
    expect(await card.locator('.next-update').innerText()).toBe(`Next update by ${due} JST`);
  });

  it('says the update is late once its time has passed: republished by the server, and live in an open page', async () => {
    const soon = new Date(Date.now() + 10_000);
    const created = await post('/api/v1/incidents', {
      name: '見積書の障害',
      name_en: 'Quotes are failing',
      body: '調査しています。',
      components: { [invoices.id]: 'major_outage' },
      next_update_at: soon.toISOString(),
    });
    await waitFor(`/incidents/${created.id}/`, '見積書の障害');
    const live = await open(`/incidents/${created.id}/`);
    const late = live.locator('.next-update [data-late]');
    // (On a machine too busy to get here before the due time, the page is rightly late already.)
    if (Date.now() < soon.getTime() - 1000) expect(await late.isVisible()).toBe(false);
    expect(await live.locator('.next-update').innerText()).toBe(`次回更新予定 ${hhmm(soon.toISOString())} 日本時間`);
    // The open page (same-origin script) and a fresh static copy (the server's republish) both say so.
    await late.waitFor({ state: 'visible', timeout: 25_000 });
    const started = Date.now();
    let text = '';
    while (Date.now() - started < 10_000) {
      const page = await open(`/en/incidents/${created.id}/`, { javaScriptEnabled: false });
      text = await page.locator('.next-update').innerText();
      await page.context().close();
      if (text.includes('late')) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(text).toBe(
      `Next update by ${hhmm(soon.toISOString())} JST\nThis update is late. We are sorry for the delay.`,
    );
    const overdue = (await (
      await fetch(`${server.url}/api/v1/incidents/overdue`, { headers: { Authorization: `Bearer ${E2E_TOKEN}` } })
    ).json()) as { incidents: Array<{ incident_id: string }> };
    expect(overdue.incidents.map((i) => i.incident_id)).toContain(created.id);
  }, 60_000);

  it('publishes the service-level page in Japanese with the error budget, the monthly table and the support desk', async () => {
    const page = await open('/service-levels/', { javaScriptEnabled: false });
    await expect(page.getByRole('heading', { level: 1 }).innerText()).resolves.toBe('サービスレベルの実績');
    const budget = page.getByRole('table', { name: /のエラーバジェット/ });
    const overall = budget.getByRole('row', { name: /^全体/ });
    // Outages today have used the budget: the overall month has failed.
    expect(await overall.innerText()).toMatch(/未達/);
    expect(await budget.getByRole('row', { name: new RegExp(`^${invoices.name}`) }).innerText()).toMatch(/超過 /);
    const monthly = page.getByRole('table', { name: /月別の稼働率と目標 99\.99% に対する判定/ });
    await expect(monthly.getByRole('columnheader').count()).resolves.toBe(13);
    expect(await page.locator('[data-support-desk]').innerText()).toMatch(
      /^電話窓口は現在(受付中です（\d\d:\d\d 日本時間まで）|受付時間外です。次の受付開始は .+ 日本時間です)。$/,
    );
    expect(await page.getByText('平日 9:00〜12:00、13:00〜17:00（日本時間）').count()).toBe(1);
  });

  it('publishes the English service-level page and the promises beside the measured figures', async () => {
    const page = await open('/en/service-levels/');
    await expect(page.getByRole('heading', { level: 1 }).innerText()).resolves.toBe('Service levels');
    expect(await page.getByRole('heading', { name: /^Error budget this month/ }).count()).toBe(1);
    expect(await page.locator('[data-figure="first-met"]').innerText()).toMatch(/^\d+ of \d+$/);
    // The same-origin script keeps the desk sentence (it rewrites it in the same words).
    expect(await page.locator('[data-support-desk]').innerText()).toMatch(
      /^The phone desk is (open now \(until \d\d:\d\d JST\)|closed now\. It opens .+ JST)\.$/,
    );
    const promises = await open('/en/service-levels/promises/', { javaScriptEnabled: false });
    const rows = promises.locator('[data-promise]');
    await expect(rows.count()).resolves.toBe(7);
    expect(await promises.locator('[data-promise="availability"]').innerText()).toMatch(/99\.99% or more each month/);
    expect(await promises.locator('[data-promise="maintenance-window"]').innerText()).toMatch(
      /Once a month, 2:00–4:00 JST/,
    );
    expect(await promises.locator('[data-promise="notice"]').innerText()).toMatch(
      /6 months before planned maintenance, 3 months before a service ends, 1 month before a significant change/,
    );
    expect(await promises.locator('[data-promise="first-notice"]').innerText()).toMatch(
      /Within 1 h of detection\s+Mean .+, median .+; \d+ of \d+ within the target/,
    );
    expect(await promises.locator('[data-promise="updates"]').innerText()).toMatch(/Every 30 min/);
    const script = await fetch(`${server.url}/assets/service-levels.js`);
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(externalRequests).toEqual([]);
  });
});
