import { DateTime } from 'luxon';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, pageOpener } from '../support/browser.ts';
import { E2E_TOKEN, startServer } from '../support/server.ts';

/**
 * Planned maintenance and notices as a customer sees them, against the built server on the real
 * clock: at start-up the standing window publishes its occurrences (those inside six months as
 * short-notice, since this is a first install), and the operator API adds the rest.
 */
describe('maintenance and notices in Chromium, against the built server', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let browser: Browser;
  const { open, externalRequests } = pageOpener(
    () => browser,
    () => server.url,
  );
  const ahead = (months: number, days = 0) =>
    DateTime.now().setZone('Asia/Tokyo').plus({ months, days }).set({ hour: 2, minute: 0, second: 0, millisecond: 0 });

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
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
    return { status: res.status, body: (await res.json()) as any };
  }

  async function waitForText(path: string, text: string): Promise<void> {
    const started = Date.now();
    while (Date.now() - started < 5000) {
      if ((await (await fetch(server.url + path)).text()).includes(text)) return;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(`"${text}" did not appear on ${path} within 5 s`);
  }

  it('shows the next standing-window maintenance on the home page, marked short-notice, in Japanese and English', async () => {
    const home = await open('/');
    const upcoming = home.locator('section[aria-labelledby="upcoming"]');
    expect(await upcoming.locator('h2').innerText()).toBe('予定されているメンテナンスとお知らせ');
    const first = upcoming.locator('[data-kind="maintenance"]').first();
    const text = await first.innerText();
    expect(text).toContain('定期メンテナンス');
    expect(text).toMatch(/\(水\) 02:00〜04:00 日本時間/);
    expect(text).toContain('短期予告');

    const en = await open('/en/');
    const enFirst = en.locator('section[aria-labelledby="upcoming"] [data-kind="maintenance"]').first();
    expect(await enFirst.innerText()).toMatch(
      /Monthly scheduled maintenance[\s\S]*Short notice[\s\S]*Wed, .* 02:00–04:00 JST/,
    );
  });

  it('publishes a maintenance announced at four months’ notice with a reason, and shows the reason on its page', async () => {
    const start = ahead(4);
    const refused = await post('/api/v1/maintenances', {
      title: '請求書データベースの移行',
      body: '移行します。',
      components: 'all',
      scheduled_for: start.toISO(),
      scheduled_until: start.plus({ hours: 2 }).toISO(),
    });
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({ required: 'P6M', errors: [{ field: 'scheduled_for' }] });

    const created = await post('/api/v1/maintenances', {
      title: '請求書データベースの移行',
      title_en: 'Invoice database migration',
      body: '請求書の閲覧と発行ができなくなります。',
      body_en: 'Invoices cannot be viewed or issued.',
      components: 'all',
      scheduled_for: start.toISO(),
      scheduled_until: start.plus({ hours: 2 }).toISO(),
      short_notice: { reason: 'ベンダーのサポート終了に伴う緊急対応' },
    });
    expect(created.status).toBe(201);
    const path = `/maintenance/${created.body.id}/`;
    await waitForText(path, '請求書データベースの移行');

    const page = await open(path);
    expect(await page.locator('h1').innerText()).toBe('請求書データベースの移行');
    const main = await page.locator('main').innerText();
    expect(main).toContain(`${start.toFormat('M月d日')}`);
    expect(main).toMatch(/02:00〜04:00 日本時間/);
    expect(main).toMatch(/日前（約(3|4)か月前）に告知/);
    expect(main).toContain('短期予告の理由: ベンダーのサポート終了に伴う緊急対応');
    expect(main).toContain('予定');

    const en = await open(`/en${path}`);
    expect(await en.locator('h1').innerText()).toBe('Invoice database migration');
    const enMain = await en.locator('main').innerText();
    expect(enMain).toMatch(/02:00–04:00 JST/);
    expect(enMain).toContain('Reason for short notice: ベンダーのサポート終了に伴う緊急対応');
  });

  it('lists a termination notice under its kind and shows its own page with the effective date and lead time', async () => {
    const effective = ahead(3, 2).set({ hour: 0 });
    const created = await post('/api/v1/notices', {
      kind: 'termination',
      title: '見積書 旧APIの提供終了',
      title_en: 'Quotes legacy API retired',
      body: '旧APIの提供を終了します。',
      effective_at: effective.toISO(),
    });
    expect(created.status).toBe(201);
    await waitForText('/notices/', '見積書 旧APIの提供終了');

    const notices = await open('/notices/');
    const section = notices.locator('[data-kind-section="termination"]');
    expect(await section.locator('h2').innerText()).toBe('サービス提供終了のお知らせ');
    await section.getByRole('link', { name: '見積書 旧APIの提供終了' }).click();
    expect(notices.url()).toBe(`${server.url}/notices/${created.body.id}/`);
    const main = await notices.locator('main').innerText();
    expect(main).toContain('提供終了日');
    expect(main).toContain(effective.toFormat('yyyy年M月d日'));
    expect(main).toMatch(/日前（約3か月前）に告知/);
    expect(main).not.toContain('短期予告');

    const en = await open(`/en/notices/${created.body.id}/`);
    expect(await en.locator('main').innerText()).toMatch(/Service ends[\s\S]*JST[\s\S]*about 3 months/);
  });

  it('shows every item on the compliance page with its lead time against the policy, in both languages', async () => {
    await waitForText('/compliance/', '見積書 旧APIの提供終了');
    const page = await open('/compliance/');
    expect(await page.locator('h1').innerText()).toBe('告知期間の遵守状況');
    const table = page.getByRole('table', { name: 'お知らせごとの告知期間' });
    const termination = table.getByRole('row', { name: /見積書 旧APIの提供終了/ });
    expect(await termination.innerText()).toMatch(/提供終了[\s\S]*基準: 3か月前までに告知[\s\S]*基準を満たす/);
    const migration = table.getByRole('row', { name: /請求書データベースの移行/ });
    expect(await migration.innerText()).toMatch(
      /基準: 6か月前までに告知[\s\S]*短期予告: ベンダーのサポート終了に伴う緊急対応/,
    );
    expect(await table.locator('[data-meets-policy="false"]').count()).toBeGreaterThanOrEqual(2);

    const en = await open('/en/compliance/');
    const enTable = en.getByRole('table', { name: 'Notice given, item by item' });
    expect(await enTable.getByRole('row', { name: /Invoice database migration/ }).innerText()).toMatch(
      /at least 6 months ahead[\s\S]*Short notice/,
    );
    expect(await enTable.getByRole('row', { name: /Quotes legacy API retired/ }).innerText()).toContain(
      'Meets the policy',
    );
  });

  it('reaches the notices and compliance pages without JavaScript, and serves the calendar', async () => {
    const page = await open('/en/', { javaScriptEnabled: false });
    await page.getByRole('navigation', { name: 'Site' }).getByRole('link', { name: 'Notices' }).click();
    expect(page.url()).toBe(`${server.url}/en/notices/`);
    await page.getByRole('link', { name: 'Notice periods kept' }).click();
    expect(page.url()).toBe(`${server.url}/en/compliance/`);
    const ics = await fetch(`${server.url}/calendars/maintenance.ics`);
    expect(ics.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    expect(await ics.text()).toContain('SUMMARY:請求書データベースの移行');
  });

  it('makes no request to any other origin', () => {
    expect(externalRequests).toEqual([]);
  });
});
