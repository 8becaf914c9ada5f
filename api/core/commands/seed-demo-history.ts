import type { Db } from '../../../db/client.ts';
import { components } from '../../../db/schema/index.ts';
import { DEMO_MARK, DEMO_MARK_EN } from '../demo-mark.ts';
import type { LeadTimePolicy } from '../maintenance/lead-time-policy.ts';
import { createIncident } from './create-incident.ts';
import { createMaintenance } from './create-maintenance.ts';
import { createNotice } from './create-notice.ts';
import { postIncidentUpdate } from './post-incident-update.ts';
import { rescheduleMaintenance } from './reschedule-maintenance.ts';

const MINUTE = 60_000;
const DAY = 86_400_000;
const JST = 9 * 60 * MINUTE;

/**
 * Seeds a plausible year of history before `now` into a database that has only the demo
 * catalogue: incidents with timelines (one that took a day, one with a late update and its
 * apology), a completed and an upcoming maintenance (rescheduled once), a termination and a
 * change notice. Everything goes through the commands an operator's requests use, each at its own
 * past instant, so it is valid data by the same rules.
 */
export async function seedDemoHistory({
  db,
  now,
  policy,
  intervalMinutes,
}: {
  db: Db;
  now: Date;
  policy: LeadTimePolicy;
  intervalMinutes: number;
}): Promise<void> {
  // The catalogue's components (seed-demo.ts), by name.
  const byName = new Map(
    (await db.select({ id: components.id, name: components.name }).from(components)).map((c) => [c.name, c.id]),
  );
  const platformId = byName.get('プラットフォームID');
  const invoices = byName.get('BtoBプラットフォーム 請求書');
  const quotes = byName.get('BtoBプラットフォーム 見積書');
  const ordering = byName.get('BtoBプラットフォーム 受発注');
  if (!platformId || !invoices || !quotes || !ordering) return;
  // Midnight JST of today: demo times fall on round local hours.
  const today = Math.floor((now.getTime() + JST) / DAY) * DAY - JST;
  const at = (daysAgo: number, hour: number, minute = 0) =>
    new Date(today - daysAgo * DAY + (hour * 60 + minute) * MINUTE);
  const iso = (d: Date) => d.toISOString();
  const mark = (ja: string, en: string) => ({ title: `${DEMO_MARK}${ja}`, title_en: `${DEMO_MARK_EN}${en}` });

  async function incident(
    start: Date,
    name: { title: string; title_en: string },
    componentsMap: Record<string, string>,
    steps: Array<{ after: number; status: string; body: string; body_en: string; next?: number; fixed?: boolean }>,
  ) {
    const [first, ...rest] = steps;
    const { id } = await createIncident({
      db,
      now: start,
      intervalMinutes,
      input: {
        name: name.title,
        name_en: name.title_en,
        status: first!.status,
        body: first!.body,
        body_en: first!.body_en,
        components: componentsMap,
        ...(first!.next !== undefined && { next_update_at: iso(new Date(start.getTime() + first!.next * MINUTE)) }),
      },
    });
    for (const s of rest) {
      const when = new Date(start.getTime() + s.after * MINUTE);
      await postIncidentUpdate({
        db,
        now: when,
        incidentId: id,
        intervalMinutes,
        input: {
          status: s.status,
          body: s.body,
          body_en: s.body_en,
          ...(s.fixed && { components: Object.fromEntries(Object.keys(componentsMap).map((c) => [c, 'operational'])) }),
          ...(s.next !== undefined && { next_update_at: iso(new Date(start.getTime() + s.next * MINUTE)) }),
        },
      });
    }
  }

  await incident(
    at(200, 10, 12),
    mark('請求書PDFの生成の遅延', 'Slow invoice PDF generation'),
    { [invoices]: 'degraded_performance' },
    [
      {
        after: 0,
        status: 'investigating',
        body: '請求書PDFの生成に時間がかかっています。調査しています。',
        body_en: 'Invoice PDFs take long to generate. We are investigating.',
        next: 30,
      },
      {
        after: 25,
        status: 'identified',
        body: '生成処理の待ち行列の詰まりが原因と特定しました。',
        body_en: 'We found the cause: a stuck generation queue.',
        next: 55,
      },
      {
        after: 50,
        status: 'monitoring',
        body: '待ち行列を復旧しました。様子を見ています。',
        body_en: 'The queue is running again. We are monitoring.',
        next: 80,
      },
      {
        after: 78,
        status: 'resolved',
        body: '生成時間は平常に戻りました。',
        body_en: 'Generation times are back to normal.',
        fixed: true,
      },
    ],
  );
  await incident(
    at(120, 9, 5),
    mark('受発注の画面が表示されない', 'Ordering pages do not load'),
    { [ordering]: 'major_outage' },
    [
      {
        after: 0,
        status: 'investigating',
        body: '受発注の画面が表示されません。調査しています。',
        body_en: 'Ordering pages do not load. We are investigating.',
        next: 30,
      },
      {
        after: 28,
        status: 'identified',
        body: 'データベースの障害が原因です。復旧作業を進めています。',
        body_en: 'A database failure is the cause. We are restoring it.',
        next: 60,
      },
      {
        after: 95,
        status: 'identified',
        body: 'お知らせが予定の時刻より遅れ、申し訳ありません。データの復元に時間がかかっており、復旧は本日夕方の見込みです。',
        body_en:
          'We are sorry this update comes later than promised. Restoring the data takes time; we expect recovery this evening.',
        next: 6 * 60,
      },
      {
        after: 6 * 60 - 10,
        status: 'identified',
        body: 'データの復元を続けています。',
        body_en: 'Restoring the data continues.',
        next: 12 * 60,
      },
      {
        after: 12 * 60 - 5,
        status: 'monitoring',
        body: '画面は表示されるようになりました。データの整合性を確認しています。',
        body_en: 'Pages load again. We are checking the data.',
        next: 24 * 60,
      },
      {
        after: 24 * 60 + 40,
        status: 'resolved',
        body: '確認が終わり、平常どおりご利用いただけます。ご迷惑をおかけしました。',
        body_en: 'Checks are complete and the service is back to normal. We apologise for the trouble.',
        fixed: true,
      },
    ],
  );
  await incident(
    at(30, 14, 20),
    mark('プラットフォームIDでサインインできないことがある', 'Some sign-ins to Platform ID fail'),
    { [platformId]: 'partial_outage' },
    [
      {
        after: 0,
        status: 'investigating',
        body: '一部のお客様がサインインできません。調査しています。',
        body_en: 'Some customers cannot sign in. We are investigating.',
        next: 30,
      },
      {
        after: 20,
        status: 'monitoring',
        body: '認証サーバーの設定を戻しました。様子を見ています。',
        body_en: 'We rolled back an authentication server setting. We are monitoring.',
        next: 45,
      },
      {
        after: 42,
        status: 'resolved',
        body: 'サインインは平常どおりです。',
        body_en: 'Sign-in works normally.',
        fixed: true,
      },
    ],
  );

  const months = policy.maintenance.months;
  // Announced with the full notice, then carried out (its state follows the clock).
  await createMaintenance({
    db,
    now: at(100 + months * 31 + 10, 11),
    policy,
    input: {
      ...mark('請求書データベースの更新', 'Invoice database upgrade'),
      body: '請求書のデータベースを新しい版に更新します。作業中は請求書をご利用いただけません。',
      body_en: 'We upgrade the invoice database. Invoices are unavailable during the work.',
      scheduled_for: iso(at(100, 1)),
      scheduled_until: iso(at(100, 3)),
      components: [invoices],
    },
  });
  // Upcoming, and moved once (the reschedule keeps the full notice).
  const { id: upcoming } = await createMaintenance({
    db,
    now: at(40, 11),
    policy,
    input: {
      ...mark('受発注の基盤の移行', 'Ordering platform migration'),
      body: '受発注の基盤を新しいデータセンターへ移します。',
      body_en: 'We move the ordering platform to a new data centre.',
      scheduled_for: iso(at(40 - months * 31 - 20, 1)),
      scheduled_until: iso(at(40 - months * 31 - 20, 4)),
      components: [ordering],
    },
  });
  await rescheduleMaintenance({
    db,
    now: at(10, 15),
    id: upcoming,
    policy,
    input: {
      scheduled_for: iso(at(10 - months * 31 - 14, 1)),
      scheduled_until: iso(at(10 - months * 31 - 14, 4)),
      reason: '移行先の準備の遅れに合わせて延期します。',
    },
  });
  await createNotice({
    db,
    now: at(20, 10),
    policy,
    input: {
      kind: 'termination',
      ...mark('見積書の旧APIの提供終了', 'Quotes legacy API retired'),
      body: '見積書の旧API（v1）の提供を終了します。新しいAPIへの移行をお願いします。',
      body_en: 'The legacy Quotes API (v1) will be retired. Please move to the new API.',
      effective_at: iso(at(20 - policy.termination.months * 31 - 10, 10)),
      components: [quotes],
    },
  });
  await createNotice({
    db,
    now: at(12, 10),
    policy,
    input: {
      kind: 'change',
      ...mark('プラットフォームIDのパスワード要件の変更', 'Platform ID password rules change'),
      body: 'パスワードは12文字以上が必要になります。',
      body_en: 'Passwords will need at least 12 characters.',
      effective_at: iso(at(12 - policy.change.months * 31 - 7, 10)),
      components: [platformId],
    },
  });
}
