import { beforeAll, expect, it } from 'vitest';
import { loadSiteModel } from '../../api/core/queries/site-model.ts';
import { createPublisher } from '../../api/publish/publisher.ts';
import { loadAstroRenderer, type RenderFn } from '../../api/publish/renderer.ts';
import { FileStore } from '../../api/publish/store.ts';
import { siteContent } from '../../api/server/site-publisher.ts';
import { apiFor, json } from '../support/api.ts';
import { describeEachDatabase } from '../support/db.ts';
import { publishLimits, settingsFrom } from '../support/settings.ts';

const jst = (local: string) => new Date(`${local.replace(' ', 'T')}:00+09:00`);

/** A page's text as a reader gets it: tags gone, each element a word apart. */
const textOf = (html: string) =>
  html
    .replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');

/** The daily bar of `date` (as written on it, e.g. `2026年11月25日`): its words and where it links. */
function dayBar(html: string, date: string): { text: string; href: string | null } {
  const m = new RegExp(`<li[^>]*>(?:<a href="([^"]*)"[^>]*>)?<span[^>]*>(${date}: [^<]*)</span>`).exec(html);
  if (!m) throw new Error(`no bar for ${date}`);
  return { text: m[2]!, href: m[1] ?? null };
}

/** The "next update by" line of an incident page: its time as written, and whether it says the update is late. */
function nextUpdate(html: string): { text: string; late: boolean } {
  const line = /<p class="next-update[^"]*"[^>]*>([\s\S]*?)<\/p>/.exec(html)?.[1];
  if (!line) throw new Error('no "next update by" line');
  const late = /<span[^>]*data-late[^>]*>/.exec(line)![0];
  return { text: /<time[^>]*>([^<]*)<\/time>/.exec(line)![1]!.trim(), late: !/\shidden[\s>=]/.test(late) };
}

// Needs the built site (scripts/test.sh runs `astro build` first).
describeEachDatabase('pages at the edges of days, months and years', ({ database }) => {
  let render: RenderFn;
  beforeAll(async () => {
    render = await loadAstroRenderer();
  });

  /**
   * The API and the publisher on one clock the test sets, as in production where both read the
   * server's; with one component, 請求書, in service from `since`.
   */
  async function siteFrom(since: string) {
    let now = jst(since);
    const settings = settingsFrom();
    const api = apiFor(database(), { now, settings });
    const store = new FileStore();
    const publisher = createPublisher({
      limits: publishLimits,
      loadModel: (at) => loadSiteModel({ db: database().db, now: at }),
      render,
      store,
      now: () => now,
      ...siteContent(settings),
    });
    const invoices = (await json(api.post('/api/v1/components', { name: '請求書', name_en: 'Invoices' }))).id as string;
    return {
      api,
      invoices,
      at(local: string) {
        now = jst(local);
        api.setNow(now);
      },
      /** Publishes every page at the current time and answers with one page's HTML. */
      async publish() {
        await publisher.publishAll();
        return (path: string) => store.peek(path)?.toString() ?? `(nothing at ${path})`;
      },
    };
  }

  it('counts an incident across JST midnight on each of its days, and links it from both', async () => {
    const site = await siteFrom('2026-11-20 09:00');
    site.at('2026-11-25 23:40');
    const incident = await json(
      site.api.post('/api/v1/incidents', {
        name: '請求書の遅延',
        body: '調査しています。',
        components: { [site.invoices]: 'partial_outage' },
      }),
    );
    site.at('2026-11-26 00:20');
    await site.api.post(`/api/v1/incidents/${incident.id}/updates`, { status: 'resolved', body: '復旧しました。' });
    site.at('2026-11-26 10:00');
    const page = await site.publish();
    // 20 minutes each side of midnight, half of it downtime: 10 of 1,440 minutes, then 10 of the 600 so far.
    expect(dayBar(page('/'), '2026年11月25日')).toEqual({
      text: '2026年11月25日: 稼働率 99.305%、一部障害 20分',
      href: `/incidents/${incident.id}/`,
    });
    expect(dayBar(page('/'), '2026年11月26日')).toEqual({
      text: '2026年11月26日: 稼働率 98.333%、一部障害 20分',
      href: `/incidents/${incident.id}/`,
    });
    expect(dayBar(page('/'), '2026年11月24日')).toEqual({ text: '2026年11月24日: 稼働率 100%', href: null });
  });

  it('on the day of install, says the figures cover hours since midnight, not 90 days, and that the month is at risk, not met', async () => {
    const site = await siteFrom('2026-12-01 04:00');
    for (const name of ['契約書', '見積書']) await site.api.post('/api/v1/components', { name });
    site.at('2026-12-01 04:10');
    const incident = await json(
      site.api.post('/api/v1/incidents', {
        name: '請求書が開けません',
        body: '調査しています。',
        components: { [site.invoices]: 'major_outage' },
      }),
    );
    site.at('2026-12-01 04:23');
    await site.api.post(`/api/v1/incidents/${incident.id}/updates`, { status: 'resolved', body: '復旧しました。' });
    site.at('2026-12-01 04:27');
    const page = await site.publish();
    // 13 of the 267 minutes since the JST midnight of the install day: 95.131%, a figure of hours, not of 90 days.
    expect(textOf(page('/'))).toContain('請求書 12月1日からの稼働率 95.131%');
    expect(textOf(page('/en/'))).toContain('95.131% uptime since 1 Dec');
    expect(textOf(page('/'))).toContain('契約書 12月1日からの稼働率 100%');
    // Overall: 13 of 3 × 267 minutes is 98.377%. Its budget is per service like the figure
    // (0.0001 × 44,640 = 4.46 min, not three budgets added up); 13 ÷ 3 = 4.33 of it used, so
    // December can still meet the target, but it is below it so far.
    const levels = textOf(page('/service-levels/'));
    expect(levels).toContain('全体 98.377% 集計中：目標未満（未達のおそれ） 4.46分 4.33分 0.13分');
    expect(levels).not.toContain('達成');
    expect(textOf(page('/en/service-levels/'))).toContain('Overall 98.377% In progress: below target (at risk)');

    const body = await json(site.api.get('/api/v1/service-levels'));
    expect(body.current_month.overall).toMatchObject({
      met: null,
      status: 'at_risk',
      final: false,
      measured_from: '2026-12-01T00:00:00.000+09:00',
      measured_to: '2026-12-01T04:27:00.000+09:00',
    });
    expect(body.current_month.overall.error_budget.minutes).toBeCloseTo(4.464, 9);
    expect(body.last_90_days).toMatchObject({
      start: '2026-09-03T00:00:00.000+09:00',
      overall: { measured_from: '2026-12-01T00:00:00.000+09:00', measured_to: '2026-12-01T04:27:00.000+09:00' },
    });
    const invoices = body.last_90_days.components.find(
      (c: { component_id: string }) => c.component_id === site.invoices,
    );
    expect(invoices).toMatchObject({ measured_from: '2026-12-01T00:00:00.000+09:00', downtime_minutes: 13 });
    expect(invoices.availability).toBeCloseTo(254 / 267, 12);
  });

  it('in the first minutes of a month, judges the new month on its whole budget and the last one as final', async () => {
    const site = await siteFrom('2026-11-02 09:00');
    site.at('2026-11-20 10:00');
    const incident = await json(
      site.api.post('/api/v1/incidents', {
        name: '請求書が開けません',
        body: '調査しています。',
        components: { [site.invoices]: 'major_outage' },
      }),
    );
    site.at('2026-11-20 10:30');
    await site.api.post(`/api/v1/incidents/${incident.id}/updates`, { status: 'resolved', body: '復旧しました。' });
    site.at('2026-12-01 00:05');
    const page = await site.publish();
    const levels = textOf(page('/service-levels/'));
    // December's budget is its whole 31 days: 0.0001 × 44,640 = 4.46 min, none used in five minutes.
    expect(levels).toContain('2026年12月のエラーバジェット（2026年12月1日 00:05 日本時間 時点）');
    // A running month is never "達成", however clean so far.
    expect(levels).toContain('請求書 100% 集計中：ここまで目標以上 4.46分 0分 4.46分');
    // November, over: 30 of 41,760 minutes (in service from 2 November) is 99.928%, below 99.99%; newest month first.
    expect(levels).toMatch(
      /2026年12月 2026年11月 (\S+ ){10}全体 100% 集計中：ここまで目標以上 99\.928% 11月2日から 未達 30分 (データなし ){10}請求書/,
    );
    expect(levels).toContain('電話窓口は現在受付時間外です。次の受付開始は 12月1日(火) 09:00 日本時間です。');
    expect(dayBar(page('/'), '2026年12月1日').text).toBe('2026年12月1日: 稼働率 100%');
    const body = await json(site.api.get('/api/v1/service-levels'));
    expect(body.current_month).toMatchObject({
      period: '2026-12',
      overall: { met: null, status: 'on_track', final: false },
    });
    expect(body.months.at(-2)).toMatchObject({
      period: '2026-11',
      overall: { met: false, status: 'missed', final: true, measured_from: '2026-11-02T00:00:00.000+09:00' },
    });
  });

  it('in the first minutes of a year, closes the last year and starts the new one, with the desk shut for New Year', async () => {
    const site = await siteFrom('2026-12-20 09:00');
    site.at('2026-12-24 10:00');
    const incident = await json(
      site.api.post('/api/v1/incidents', {
        name: '請求書が開けません',
        body: '調査しています。',
        components: { [site.invoices]: 'major_outage' },
      }),
    );
    site.at('2026-12-24 11:00');
    await site.api.post(`/api/v1/incidents/${incident.id}/updates`, { status: 'resolved', body: '復旧しました。' });
    site.at('2027-01-01 00:05');
    const page = await site.publish();
    const levels = textOf(page('/service-levels/'));
    // 2026: 60 of 17,280 minutes (in service from 20 December) is 99.652%.
    expect(levels).toContain(
      'サービス ＼ 年 2027 2026 全体 100% 99.652% 12月20日から 1時間 請求書 100% 99.652% 12月20日から 1時間',
    );
    expect(levels).toContain('2027年1月のエラーバジェット（2027年1月1日 00:05 日本時間 時点）');
    expect(levels).toMatch(
      /2027年1月 2026年12月 (\S+ ){10}全体 100% 集計中：ここまで目標以上 99\.652% 12月20日から 未達 1時間 (データなし ){10}/,
    );
    // New Year's Day is a public holiday, then a weekend: the desk opens on Monday the 4th.
    expect(levels).toContain('電話窓口は現在受付時間外です。次の受付開始は 1月4日(月) 09:00 日本時間です。');
    expect(dayBar(page('/'), '2027年1月1日').text).toBe('2027年1月1日: 稼働率 100%');
    const body = await json(site.api.get('/api/v1/service-levels'));
    expect(body.years.map((y: { period: string; overall: { final: boolean } }) => [y.period, y.overall.final])).toEqual(
      [
        ['2026', true],
        ['2027', false],
      ],
    );
  });

  it('on 29 February 2028 at 23:58, gives the day its bar, February its 29 days, and names the next update on 1 March by its date', async () => {
    const site = await siteFrom('2028-02-01 09:00');
    site.at('2028-02-29 23:50');
    const incident = await json(
      site.api.post('/api/v1/incidents', {
        name: '請求書の遅延',
        name_en: 'Invoices delayed',
        body: '調査しています。',
        components: { [site.invoices]: 'partial_outage' },
      }),
    );
    site.at('2028-02-29 23:58');
    let page = await site.publish();
    // Due 30 minutes after the post: past midnight, so the date is said too, and it is not late yet.
    expect(nextUpdate(page(`/incidents/${incident.id}/`))).toEqual({ text: '3月1日(水) 00:20 日本時間', late: false });
    expect(nextUpdate(page(`/en/incidents/${incident.id}/`))).toEqual({ text: 'Wed 1 Mar, 00:20 JST', late: false });
    // 8 minutes of partial outage, 4 of downtime, in the 1,438 minutes of the day so far.
    expect(dayBar(page('/'), '2028年2月29日').text).toBe('2028年2月29日: 稼働率 99.721%、一部障害 8分');
    // February 2028's budget: 0.0001 × 29 × 1,440 = 4.18 min.
    expect(textOf(page('/service-levels/'))).toContain('請求書 99.99% 集計中：ここまで目標以上 4.18分 4分 0.18分');

    site.at('2028-03-01 00:05');
    page = await site.publish();
    expect(nextUpdate(page(`/incidents/${incident.id}/`))).toEqual({ text: '00:20 日本時間', late: false });
    expect(dayBar(page('/'), '2028年2月29日').text).toBe('2028年2月29日: 稼働率 99.652%、一部障害 10分');
    expect(dayBar(page('/'), '2028年3月1日').text).toBe('2028年3月1日: 稼働率 50%、一部障害 5分');
    // February is over: 5 minutes of downtime against 4.18 is a miss; March starts on its own 4.46.
    const levels = textOf(page('/service-levels/'));
    // March so far is 50%: below the target, though 1.96 minutes of its budget are left.
    expect(levels).toMatch(
      /2028年3月 2028年2月 (\S+ ){10}全体 50% 集計中：目標未満（未達のおそれ） 2\.5分 99\.988% 未達 5分 (データなし ){10}/,
    );
    expect(levels).toContain('請求書 50% 集計中：目標未満（未達のおそれ） 4.46分 2.5分 1.96分');

    // Late only once the due time has passed.
    site.at('2028-03-01 00:20');
    page = await site.publish();
    expect(nextUpdate(page(`/incidents/${incident.id}/`)).late).toBe(false);
    site.at('2028-03-01 00:21');
    page = await site.publish();
    expect(nextUpdate(page(`/incidents/${incident.id}/`)).late).toBe(true);
  });
});
