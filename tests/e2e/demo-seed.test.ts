import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from '../support/server.ts';

/** 1 December 2026, 10:00 JST: the demo history is seeded relative to this clock. */
const NOW = '2026-12-01T10:00:00+09:00';

/** A title as the pages show demo data: a badge of its own (read out with the title), then the title without the 【デモ】 prefix. */
const demoTitle = (title: string, badge = 'デモ') =>
  new RegExp(`<span class="demo-badge"[^>]*>${badge}</span> (?:<span lang="ja"[^>]*>)?${title}`);

describe('a fresh start with SEED_DEMO=auto', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  const page = async (path: string) => {
    const res = await fetch(`${server.url}${path}`);
    expect(res.status, path).toBe(200);
    return res.text();
  };

  beforeAll(async () => {
    server = await startServer({ SEED_DEMO: 'auto' }, { clock: NOW });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('shows past incidents with their timelines, each marked as demo data, on the home and history pages', async () => {
    // The one 30 days ago is on the home page's 90-day bars; the day-long one is in August's history.
    expect(await page('/')).toMatch(demoTitle('プラットフォームIDでサインインできないことがある'));
    expect(await page('/history/2026-08/')).toMatch(demoTitle('受発注の画面が表示されない'));
    const incidents = (await (await fetch(`${server.url}/api/v2/incidents.json`)).json()) as {
      incidents: Array<{ name: string; incident_updates: Array<{ body: string }> }>;
    };
    const dayLong = incidents.incidents.find((i) => i.name === '【デモ】受発注の画面が表示されない');
    expect(dayLong?.incident_updates.length).toBeGreaterThanOrEqual(5);
    expect(dayLong?.incident_updates.some((u) => u.body.includes('遅れ、申し訳ありません'))).toBe(true);
  });

  it('marks demo items with a badge in the page’s language, not only by the prefix of their title', async () => {
    const en = await page('/en/');
    expect(en).toMatch(demoTitle('Some sign-ins to Platform ID fail', 'Demo'));
    expect(await page('/compliance/')).toMatch(demoTitle('受発注の基盤の移行'));
    // Shown in place of the prefix, so the heading does not say it twice.
    const body = (html: string) => html.replace(/<head>[\s\S]*<\/head>/, '');
    expect(body(await page('/'))).not.toContain('【デモ】');
    expect(body(en)).not.toContain('[Demo]');
  });

  it('gives the service-level page an MTTR measured from the demo incidents', async () => {
    const levels = await page('/service-levels/');
    const mttr = levels.match(/data-figure="mttr"[^>]*>([^<]*)</)?.[1];
    expect(mttr).toMatch(/\d+時間\d+分|\d+分/);
  });

  it('announces an upcoming, rescheduled maintenance, a termination and a change notice, marked as demo data', async () => {
    const home = await page('/');
    expect(home).toMatch(demoTitle('見積書の旧APIの提供終了'));
    const notices = await page('/notices/');
    expect(notices).toMatch(demoTitle('見積書の旧APIの提供終了'));
    expect(notices).toMatch(demoTitle('プラットフォームIDのパスワード要件の変更'));
    const maintenances = (await (await fetch(`${server.url}/api/v2/scheduled-maintenances.json`)).json()) as {
      scheduled_maintenances: Array<{ name: string; status: string }>;
    };
    expect(maintenances.scheduled_maintenances.map((m) => [m.name, m.status])).toEqual(
      expect.arrayContaining([
        ['【デモ】受発注の基盤の移行', 'scheduled'],
        ['【デモ】請求書データベースの更新', 'completed'],
      ]),
    );
  });
});
