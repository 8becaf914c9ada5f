import { expect, it } from 'vitest';
import { loadSiteModel } from '../../api/core/queries/site-model.ts';
import type { SiteSettings } from '../../api/core/settings.ts';
import { loadAstroRenderer } from '../../api/publish/renderer.ts';
import { apiFor, json } from '../support/api.ts';
import { describeEachDatabase } from '../support/db.ts';
import { settingsFrom } from '../support/settings.ts';

const NOW = new Date('2026-11-28T10:00:00+09:00');

/**
 * Settings that differ from the sheet in every figure a page states: if any page or the API
 * still fell back to a default of its own, one of these expectations would see the sheet's figure.
 */
const CONFIGURED = {
  STANDING_WINDOW_START: '03:00',
  STANDING_WINDOW_DURATION_MINUTES: '90',
  LEAD_TIME_MAINTENANCE_MONTHS: '4',
  LEAD_TIME_CHANGE_MONTHS: '2',
  UPDATE_INTERVAL_MINUTES: '20',
};

// Needs the built site (scripts/test.sh runs `astro build` first).
describeEachDatabase('pages and the API state the configured settings, not the sheet defaults', ({ database }) => {
  async function pages(settings: SiteSettings, paths: string[]) {
    const model = await loadSiteModel({ db: database().db, now: NOW });
    const render = await loadAstroRenderer();
    const out: Record<string, string> = {};
    for (const path of paths) out[path] = (await render(path, { model, settings })).body.toString();
    return out;
  }

  it('the promises page states the configured window, notice periods and update interval, in both languages', async () => {
    const p = await pages(settingsFrom(CONFIGURED), ['/service-levels/promises/', '/en/service-levels/promises/']);
    const ja = p['/service-levels/promises/']!;
    const en = p['/en/service-levels/promises/']!;
    expect(ja).toContain('毎月1回 3:00〜4:30（日本時間）');
    expect(en).toContain('Once a month, 3:00–4:30 JST');
    expect(ja).not.toContain('2:00〜4:00');
    expect(ja).toContain('計画メンテナンス 4か月前、サービス終了 3か月前、重要な変更 2か月前');
    expect(ja).toContain('20分ごとに稼働状況を更新');
    expect(en).toContain('Every 20 min');
  });

  it('the promises page says there is no standing window when it is turned off', async () => {
    const p = await pages(settingsFrom({ STANDING_WINDOW_RRULE: 'off' }), ['/service-levels/promises/']);
    expect(p['/service-levels/promises/']).toContain('定期メンテナンス枠はありません');
    expect(p['/service-levels/promises/']).not.toContain('毎月1回');
  });

  it('the notices and compliance pages state the configured notice periods', async () => {
    const p = await pages(settingsFrom(CONFIGURED), ['/notices/', '/compliance/', '/en/compliance/']);
    expect(p['/notices/']).toContain(
      '計画メンテナンスは4か月前、サービスの提供終了は3か月前、お客様に影響する仕様変更は2か月前',
    );
    expect(p['/compliance/']).toContain('4か月前まで');
    expect(p['/compliance/']).not.toContain('6か月前まで');
    expect(p['/en/compliance/']).toContain('at least 4 months ahead');
  });

  it('an active incident shows its next update due after the configured interval, on the home and incident pages', async () => {
    const settings = settingsFrom(CONFIGURED);
    const api = apiFor(database(), { now: NOW, settings });
    const component = (await json(api.post('/api/v1/components', { name: '請求書' }))).id as string;
    const incident = await json(
      api.post('/api/v1/incidents', {
        name: '送信遅延',
        body: '調査中',
        components: { [component]: 'partial_outage' },
      }),
    );
    const p = await pages(settings, ['/', `/incidents/${incident.id}/`]);
    for (const html of Object.values(p)) {
      // Posted at 10:00, every 20 minutes: due at 10:20 (the sheet's 30 would say 10:30).
      expect(html).toContain('data-next-update="2026-11-28T10:20:00.000+09:00"');
    }
  });

  it('an incident page says when the promised next update is later than the configured interval, in both languages', async () => {
    const settings = settingsFrom(CONFIGURED);
    const api = apiFor(database(), { now: NOW, settings });
    const far = await json(
      api.post('/api/v1/incidents', { name: '送信遅延', body: '調査中', next_update_at: '2026-11-28T10:45:00+09:00' }),
    );
    const near = await json(
      api.post('/api/v1/incidents', { name: '表示遅延', body: '調査中', next_update_at: '2026-11-28T10:20:00+09:00' }),
    );
    const p = await pages(settings, [`/incidents/${far.id}/`, `/en/incidents/${far.id}/`, `/incidents/${near.id}/`]);
    expect(p[`/incidents/${far.id}/`]).toContain('通常の報告間隔（20分）より先の予定です。');
    expect(p[`/en/incidents/${far.id}/`]).toContain('This is later than our usual 20 min between updates.');
    expect(p[`/incidents/${near.id}/`]).toContain('data-next-update="2026-11-28T10:20:00.000+09:00"');
    expect(p[`/incidents/${near.id}/`]).not.toContain('data-long-wait');
  });

  it('the API holds maintenance to the configured notice period and lists it in the compliance answer', async () => {
    const api = apiFor(database(), { now: NOW, settings: settingsFrom(CONFIGURED) });
    const component = (await json(api.post('/api/v1/components', { name: '請求書' }))).id as string;
    // Five months' notice: short of the sheet's six, enough for the configured four.
    const res = await api.post('/api/v1/maintenances', {
      title: 'データベース移行',
      body: '移行作業を行います。',
      components: [component],
      scheduled_for: '2027-04-28T02:00:00+09:00',
      scheduled_until: '2027-04-28T04:00:00+09:00',
    });
    expect(res.status).toBe(201);
    expect((await json(res)).lead_time).toMatchObject({ required: 'P4M', meets_policy: true });
    expect((await json(api.get('/api/v1/compliance'))).policy).toEqual({
      maintenance: 'P4M',
      termination: 'P3M',
      change: 'P2M',
    });
  });
});
