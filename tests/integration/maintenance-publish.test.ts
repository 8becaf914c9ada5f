import ICAL from 'ical.js';
import { beforeAll, expect, it } from 'vitest';
import { buildDocuments } from '../../api/publish/documents/index.ts';
import { createPublisher } from '../../api/publish/publisher.ts';
import { loadAstroRenderer, type RenderFn } from '../../api/publish/renderer.ts';
import { FileStore } from '../../api/publish/store.ts';
import { loadSiteModel } from '../../api/core/queries/site-model.ts';
import { apiFor, json } from '../support/api.ts';
import { describeEachDatabase } from '../support/db.ts';
import { publishLimits, settingsFrom, TEST_SITE_URL as SITE } from '../support/settings.ts';

const SETTINGS = settingsFrom();
const jst = (s: string) => new Date(`${s}+09:00`);

// Needs the built site (scripts/test.sh runs `astro build` first).
describeEachDatabase('publishing maintenance, notices and calendars', ({ database }) => {
  let render: RenderFn;
  beforeAll(async () => {
    render = await loadAstroRenderer();
  });

  /** API and publisher on one pinned clock, as in production where both read the same time. */
  async function setUp() {
    let now = jst('2026-11-28T10:00:00');
    const api = apiFor(database(), { now });
    const store = new FileStore();
    const publisher = createPublisher({
      limits: publishLimits,
      loadModel: (at) => loadSiteModel({ db: database().db, now: at }),
      render,
      store,
      settings: SETTINGS,
      now: () => now,
      documents: (model, at) => buildDocuments({ model, now: at, siteUrl: SITE }),
    });
    const invoices = (await json(api.post('/api/v1/components', { name: '請求書', name_en: 'Invoices' }))).id as string;
    const quotes = (await json(api.post('/api/v1/components', { name: '見積書', name_en: 'Quotes' }))).id as string;
    const flush = async () => {
      for (const change of api.changes.splice(0)) publisher.notify(change);
      await publisher.idle();
    };
    const text = (path: string) => store.peek(path)?.toString() ?? `(nothing at ${path})`;
    const setNow = (d: Date) => {
      now = d;
      api.setNow(d);
    };
    return { api, store, publisher, invoices, quotes, flush, text, setNow };
  }

  function parseCalendar(body: string) {
    const calendar = new ICAL.Component(ICAL.parse(body));
    return {
      name: calendar.getFirstPropertyValue('x-wr-calname'),
      events: calendar.getAllSubcomponents('vevent').map((e) => ({
        uid: e.getFirstPropertyValue('uid'),
        sequence: e.getFirstPropertyValue('sequence'),
        status: e.getFirstPropertyValue('status'),
        summary: e.getFirstPropertyValue('summary'),
        url: e.getFirstPropertyValue('url'),
        start: (e.getFirstPropertyValue('dtstart') as ICAL.Time).toJSDate(),
      })),
    };
  }

  it('serves the maintenance calendars as text/calendar that ical.js reads back, all and per component, in both languages', async () => {
    const { api, store, publisher, invoices, quotes } = await setUp();
    const kept = await json(
      api.post('/api/v1/maintenances', {
        title: '請求書DB移行',
        title_en: 'Invoice DB migration',
        body: 'x',
        components: [invoices],
        scheduled_for: '2027-06-16T02:00:00+09:00',
        scheduled_until: '2027-06-16T04:00:00+09:00',
      }),
    );
    const dropped = await json(
      api.post('/api/v1/maintenances', {
        title: '見積書の点検',
        body: 'y',
        components: [quotes],
        scheduled_for: '2027-06-30T02:00:00+09:00',
        scheduled_until: '2027-06-30T03:00:00+09:00',
      }),
    );
    await api.post(`/api/v1/maintenances/${dropped.id}/cancel`, { reason: '不要になったため' });
    await publisher.publishAll();

    const file = store.get('/calendars/maintenance.ics')!;
    expect(file.contentType).toBe('text/calendar; charset=utf-8');
    const all = parseCalendar(store.peek(file.path)!.toString());
    expect(all.name).toBe('Shirase 計画メンテナンス');
    expect(all.events).toEqual([
      {
        uid: `${kept.id}@shirase`,
        sequence: 0,
        status: 'CONFIRMED',
        summary: '請求書DB移行',
        url: `${SITE}/maintenance/${kept.id}/`,
        start: jst('2027-06-16T02:00:00'),
      },
      {
        uid: `${dropped.id}@shirase`,
        sequence: 1,
        status: 'CANCELLED',
        summary: '見積書の点検',
        url: `${SITE}/maintenance/${dropped.id}/`,
        start: jst('2027-06-30T02:00:00'),
      },
    ]);
    const invoicesOnly = parseCalendar(store.peek(`/calendars/components/${invoices}.ics`)!.toString());
    expect(invoicesOnly.events.map((e) => e.uid)).toEqual([`${kept.id}@shirase`]);
    const english = parseCalendar(store.peek('/en/calendars/maintenance.ics')!.toString());
    expect(english.name).toBe('Shirase planned maintenance');
    expect(english.events[0]).toMatchObject({
      summary: 'Invoice DB migration',
      url: `${SITE}/en/maintenance/${kept.id}/`,
    });
    expect(store.get(`/en/calendars/components/${quotes}.ics`)?.contentType).toBe('text/calendar; charset=utf-8');
  });

  it('publishes a short-notice maintenance on the home, its own page, the notices index and the compliance page after the write', async () => {
    const { api, invoices, quotes, flush, text, publisher } = await setUp();
    await publisher.publishAll();
    const m = await json(
      api.post('/api/v1/maintenances', {
        title: '請求書DB移行',
        title_en: 'Invoice DB migration',
        body: '移行作業を行います。',
        components: [invoices, quotes],
        scheduled_for: '2027-03-29T02:00:00+09:00',
        scheduled_until: '2027-03-29T04:00:00+09:00',
        short_notice: { reason: 'ベンダーのサポート終了のため' },
      }),
    );
    const n = await json(
      api.post('/api/v1/notices', {
        kind: 'termination',
        title: '旧APIの提供終了',
        title_en: 'Old API retired',
        body: '終了します。',
        effective_at: '2027-03-01T00:00:00+09:00',
      }),
    );
    await flush();

    const home = text('/');
    expect(home).toContain('予定されているメンテナンスとお知らせ');
    expect(home).toContain('請求書DB移行');
    expect(home).toContain('旧APIの提供終了');
    expect(home).toContain('短期予告');
    const page = text(`/maintenance/${m.id}/`);
    expect(page).toContain('2027年3月29日(月) 02:00〜04:00 日本時間');
    expect(page).toContain('短期予告の理由: ベンダーのサポート終了のため');
    expect(page).toContain('120日前（約4か月前）に告知');
    // The catalogue here is these two services: naming both is naming all of them.
    expect(page).toMatch(/<dd[^>]*>すべてのサービス<\/dd>/);
    expect(text(`/en/maintenance/${m.id}/`)).toMatch(/<dd[^>]*>All services<\/dd>/);
    expect(text(`/en/maintenance/${m.id}/`)).toContain('Reason for short notice: ベンダーのサポート終了のため');
    expect(text(`/en/maintenance/${m.id}/`)).toContain('href="/en/calendars/maintenance.ics"');
    expect(text(`/notices/${n.id}/`)).toContain('提供終了日');
    expect(text('/notices/')).toContain('旧APIの提供終了');
    expect(text('/en/notices/')).toContain('Old API retired');
    const compliance = text('/compliance/');
    expect(compliance).toContain('基準を満たす');
    expect(compliance).toMatch(/短期予告: ベンダーのサポート終了のため/);
    // Latest effect first: the maintenance (29 March) above the termination (1 March).
    expect(compliance.indexOf('請求書DB移行')).toBeLessThan(compliance.indexOf('旧APIの提供終了'));
  });

  it('republishes on the clock: the window opens, the banner shows and components turn under maintenance; it closes and they return', async () => {
    const { api, invoices, publisher, text, setNow } = await setUp();
    const m = await json(
      api.post('/api/v1/maintenances', {
        title: '請求書DB移行',
        body: 'x',
        components: [invoices],
        scheduled_for: '2026-12-16T02:00:00+09:00',
        scheduled_until: '2026-12-16T04:00:00+09:00',
        short_notice: { reason: '緊急' },
      }),
    );
    await publisher.publishAll();
    expect(text('/')).not.toContain('メンテナンスを実施しています');

    setNow(jst('2026-12-16T02:00:01'));
    publisher.notify({ kind: 'clock' });
    await publisher.idle();
    const during = text('/');
    expect(during).toContain('メンテナンスを実施しています');
    expect(during).toMatch(new RegExp(`data-component="${invoices}"[^]*?メンテナンス中`));
    expect(text(`/maintenance/${m.id}/`)).toContain('data-status="in_progress"');
    expect(text('/en/')).toContain('Maintenance in progress');

    setNow(jst('2026-12-16T04:00:01'));
    publisher.notify({ kind: 'clock' });
    await publisher.idle();
    expect(text('/')).not.toContain('メンテナンスを実施しています');
    expect(text(`/maintenance/${m.id}/`)).toContain('data-status="completed"');
  });

  it('answers the page of an unknown maintenance or notice with the 404 page', async () => {
    const { store } = await setUp();
    const out = await render('/maintenance/nosuch/', {
      model: await loadSiteModel({ db: database().db, now: jst('2026-11-28T10:00:00') }),
      settings: SETTINGS,
    });
    expect(out.status).toBe(404);
    expect(store.get('/maintenance/nosuch/')).toBeUndefined();
  });
});
