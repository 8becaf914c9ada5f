/**
 * Years of plausible history for the bench (issue 10): about 800 incidents a year with ~3 updates
 * each across the catalogue's components, the standing window's monthly occurrences, ad-hoc and
 * emergency maintenance, terminations and changes. Everything goes through the core commands, each
 * at its own past instant, so it is valid data by the same rules as an operator's requests.
 *
 * Seeded: the same seed, years and `now` give the same history (names, times, statuses, components;
 * record ids are drawn by the commands and differ). The whole plan is drawn first, then written,
 * so writing several incidents at once cannot change what is written.
 */
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import type { Db } from '../../db/client.ts';
import { components as componentsTable } from '../../db/schema/index.ts';
import { createIncident } from '../../api/core/commands/create-incident.ts';
import { createMaintenance } from '../../api/core/commands/create-maintenance.ts';
import { createNotice } from '../../api/core/commands/create-notice.ts';
import { ensureStandingWindowOccurrences } from '../../api/core/commands/ensure-standing-window.ts';
import { finishMaintenance } from '../../api/core/commands/finish-maintenance.ts';
import { postIncidentUpdate } from '../../api/core/commands/post-incident-update.ts';
import type { SiteSettings } from '../../api/core/settings.ts';
import type { ComponentStatus, IncidentStatus } from '../../api/core/vocab.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const JST = 9 * HOUR;

export const INCIDENTS_PER_YEAR = 800;
const ADHOC_MAINTENANCE_PER_YEAR = 12;
const NOTICES_PER_YEAR = { termination: 2, change: 5 } as const;

export interface HistoryCounts {
  incidents: number;
  updates: number;
  maintenances: number;
  notices: number;
}

/** One incident as drawn: its posts at minutes after `start`, the last one resolving it. */
interface PlannedIncident {
  start: Date;
  detectedMinutesBefore: number;
  kind: number;
  components: Record<string, ComponentStatus>;
  steps: Array<{ after: number; status: IncidentStatus; next: number | null }>;
}

interface Phrase {
  title: [string, string];
  investigating: [string, string];
  identified: [string, string];
  monitoring: [string, string];
  resolved: [string, string];
}

/** What goes wrong, in both languages; `{c}` is the component's name. */
const PHRASES: Phrase[] = [
  {
    title: ['{c}の応答の遅延', 'Slow responses from {c}'],
    investigating: ['{c}の応答が遅くなっています。調査しています。', '{c} responds slowly. We are investigating.'],
    identified: ['データベースの負荷の高まりが原因と特定しました。', 'We found the cause: high database load.'],
    monitoring: ['負荷を分散しました。様子を見ています。', 'We spread the load. We are monitoring.'],
    resolved: ['応答時間は平常に戻りました。', 'Response times are back to normal.'],
  },
  {
    title: ['{c}の画面が表示されない', '{c} pages do not load'],
    investigating: ['{c}の画面が表示されません。調査しています。', '{c} pages do not load. We are investigating.'],
    identified: [
      'ロードバランサーの障害が原因です。切り替えています。',
      'A load balancer failed. We are switching over.',
    ],
    monitoring: ['画面は表示されるようになりました。様子を見ています。', 'Pages load again. We are monitoring.'],
    resolved: [
      '平常どおりご利用いただけます。ご迷惑をおかけしました。',
      'The service is back to normal. We apologise.',
    ],
  },
  {
    title: ['{c}でエラーが発生することがある', 'Some requests to {c} fail'],
    investigating: ['一部の操作でエラーが発生しています。', 'Some operations fail with an error.'],
    identified: [
      '直前のリリースの不具合が原因です。戻しています。',
      'A bug in the latest release is the cause. Rolling back.',
    ],
    monitoring: ['リリースを戻しました。様子を見ています。', 'The release is rolled back. We are monitoring.'],
    resolved: ['エラーは発生していません。', 'No more errors occur.'],
  },
  {
    title: ['{c}のメール通知の遅延', 'Delayed email notifications from {c}'],
    investigating: ['メール通知が遅れて届いています。', 'Email notifications arrive late.'],
    identified: ['送信の待ち行列の詰まりが原因です。', 'A stuck sending queue is the cause.'],
    monitoring: [
      '待ち行列を復旧し、遅れた通知を送っています。',
      'The queue runs again; late notifications are being sent.',
    ],
    resolved: ['遅れていた通知はすべて送られました。', 'Every late notification has been sent.'],
  },
  {
    title: ['{c}でファイルをアップロードできない', 'File uploads to {c} fail'],
    investigating: ['ファイルのアップロードに失敗します。', 'File uploads fail.'],
    identified: ['ストレージの容量不足が原因です。', 'The storage ran out of space.'],
    monitoring: ['容量を増やしました。様子を見ています。', 'We added space. We are monitoring.'],
    resolved: ['アップロードは平常どおりです。', 'Uploads work normally.'],
  },
];

const WORSENING: ComponentStatus[] = ['degraded_performance', 'partial_outage', 'major_outage'];

/** A deterministic stream of draws from one seed. */
function draws(seed: number) {
  const rng = xoroshiro128plus(seed);
  const float = () => uniformFloat64(rng);
  return {
    float,
    int: (from: number, to: number) => from + Math.floor(float() * (to - from + 1)),
    pick: <T>(xs: readonly T[]): T => xs[Math.floor(float() * xs.length)]!,
    /** Picks by weight: `[[value, weight], …]`. */
    weighted: <T>(xs: ReadonlyArray<readonly [T, number]>): T => {
      let r = float() * xs.reduce((s, [, w]) => s + w, 0);
      for (const [v, w] of xs) {
        r -= w;
        if (r < 0) return v;
      }
      return xs[xs.length - 1]![0];
    },
  };
}

type Draws = ReturnType<typeof draws>;

/** Most incidents end within the hour or two; about one in twenty takes from 4 hours to a day and a half. */
function drawDuration(d: Draws): number {
  if (d.float() < 0.05) return d.int(4 * 60, 36 * 60);
  // Log-uniform between 15 minutes and 3 hours: many short ones, fewer long ones.
  return Math.round(15 * 12 ** d.float());
}

function planIncident(d: Draws, start: Date, componentIds: string[]): PlannedIncident {
  const n = d.weighted([
    [1, 75],
    [2, 18],
    [3, 7],
  ] as const);
  const chosen = new Set<string>();
  while (chosen.size < Math.min(n, componentIds.length)) chosen.add(d.pick(componentIds));
  const components = Object.fromEntries(
    [...chosen].map((id) => [
      id,
      d.weighted([
        [WORSENING[0]!, 50],
        [WORSENING[1]!, 35],
        [WORSENING[2]!, 15],
      ] as const),
    ]),
  );
  const duration = drawDuration(d);
  // 2 to 5 posts, 3.1 on average: investigating, then identified and/or monitoring, then resolved.
  const middle = d.weighted([
    [[], 20],
    [['identified'], 30],
    [['monitoring'], 20],
    [['identified', 'monitoring'], 25],
    [['identified', 'identified', 'monitoring'], 5],
  ] as const) as readonly IncidentStatus[];
  const statuses: IncidentStatus[] = ['investigating', ...middle, 'resolved'];
  const times = statuses.map((_, i) => Math.round((duration * i) / (statuses.length - 1)));
  const steps = statuses.map((status, i) => ({
    after: times[i]!,
    status,
    // An unresolved post promises the next one at the sheet's usual 30 minutes, or before the next post.
    next: status === 'resolved' ? null : Math.max(times[i]! + 1, Math.min(times[i]! + 30, times[i + 1]!)),
  }));
  return { start, detectedMinutesBefore: d.int(0, 20), kind: d.int(0, PHRASES.length - 1), components, steps };
}

const fill = (text: string, name: string) => text.replaceAll('{c}', name);

/** Midnight JST of the day `t` falls on. */
const jstMidnight = (t: number) => Math.floor((t + JST) / DAY) * DAY - JST;

export async function generateHistory({
  db,
  years,
  seed,
  now,
  settings,
  concurrency = 1,
}: {
  db: Db;
  years: number;
  seed: number;
  now: Date;
  settings: Pick<SiteSettings, 'leadTimePolicy' | 'standingWindow'> & {
    serviceLevels: Pick<SiteSettings['serviceLevels'], 'updateIntervalMinutes'>;
  };
  /** Incidents written at once (each in its own transaction); PostgreSQL gains from a few, PGlite does not. */
  concurrency?: number;
}): Promise<HistoryCounts> {
  if (!(years > 0)) throw new RangeError(`years must be positive, not ${years}`);
  const catalogue = await db
    .select({ id: componentsTable.id, name: componentsTable.name, nameEn: componentsTable.nameEn })
    .from(componentsTable)
    // By name, not id: ids are random, and the plan must not depend on them.
    .orderBy(componentsTable.name, componentsTable.id);
  if (catalogue.length === 0) throw new Error('the database has no components: seed the catalogue first');
  const componentIds = catalogue.map((c) => c.id);
  const names = new Map(catalogue.map((c) => [c.id, [c.name, c.nameEn ?? c.name] as const]));
  const d = draws(seed);
  const policy = settings.leadTimePolicy;
  const intervalMinutes = settings.serviceLevels.updateIntervalMinutes;
  const from = now.getTime() - Math.round(years * 365.25 * DAY);
  // Everything in the plan is over (resolved, finished) a day before `now`.
  const until = now.getTime() - 2 * DAY;
  const counts: HistoryCounts = { incidents: 0, updates: 0, maintenances: 0, notices: 0 };

  const plan = Array.from({ length: Math.round(years * INCIDENTS_PER_YEAR) }, () =>
    planIncident(d, new Date(from + Math.floor(d.float() * (until - from))), componentIds),
  ).filter((p) => p.start.getTime() + p.steps.at(-1)!.after * MINUTE < until);

  async function writeIncident(p: PlannedIncident) {
    const phrase = PHRASES[p.kind]!;
    const [first] = Object.keys(p.components);
    const [ja, en] = names.get(first!)!;
    const at = (minutes: number) => new Date(p.start.getTime() + minutes * MINUTE);
    const promise = (next: number | null) => (next === null ? {} : { next_update_at: at(next).toISOString() });
    await db.transaction(async (tx) => {
      const [s0, ...rest] = p.steps;
      const { id } = await createIncident({
        db: tx as unknown as Db,
        now: p.start,
        intervalMinutes,
        input: {
          name: fill(phrase.title[0], ja),
          name_en: fill(phrase.title[1], en),
          status: s0!.status,
          body: fill(phrase.investigating[0], ja),
          body_en: fill(phrase.investigating[1], en),
          components: p.components,
          detected_at: new Date(p.start.getTime() - p.detectedMinutesBefore * MINUTE).toISOString(),
          ...promise(s0!.next),
        },
      });
      for (const s of rest) {
        const [body, bodyEn] = phrase[s.status as keyof Omit<Phrase, 'title'>];
        await postIncidentUpdate({
          db: tx as unknown as Db,
          now: at(s.after),
          incidentId: id,
          intervalMinutes,
          input: {
            status: s.status,
            body: fill(body, ja),
            body_en: fill(bodyEn, en),
            ...(s.status === 'resolved' && {
              components: Object.fromEntries(Object.keys(p.components).map((c) => [c, 'operational'])),
            }),
            ...promise(s.next),
          },
        });
      }
    });
    counts.incidents++;
    counts.updates += p.steps.length;
  }

  let next = 0;
  await Promise.all(
    Array.from({ length: Math.max(1, concurrency) }, async () => {
      while (next < plan.length) await writeIncident(plan[next++]!);
    }),
  );

  // The standing window, kept as the job keeps it: a run at the start of every month. The
  // configured series may start later than the history; the platform is taken to have kept the
  // same window all along (same series id, so the server's own job continues it).
  const window = settings.standingWindow;
  if (window) {
    const startsOn = new Date(jstMidnight(from) + JST).toISOString().slice(0, 10);
    const config = window.startsOn > startsOn ? { ...window, startsOn } : window;
    for (let t = jstMidnight(from) + 9 * HOUR; t < now.getTime(); t += 30 * DAY) {
      const { inserted } = await ensureStandingWindowOccurrences({ db, now: new Date(t), config, policy });
      counts.maintenances += inserted.length;
    }
  }

  // Ad-hoc maintenance: announced with the policy's full notice, at night (01:00–05:00 JST); one in
  // five is an emergency announced days before with its reason; one in ten finishes early.
  const leadDays = policy.maintenance.months * 31 + 10;
  for (let i = 0; i < Math.round(years * ADHOC_MAINTENANCE_PER_YEAR); i++) {
    const day = jstMidnight(from + Math.floor(d.float() * (until - from)));
    const start = new Date(day + d.int(1, 3) * HOUR);
    const end = new Date(start.getTime() + d.int(1, 2) * HOUR);
    const emergency = d.float() < 0.2;
    const announced = new Date(start.getTime() - (emergency ? d.int(2, 6) * DAY : leadDays * DAY));
    const targets = [...new Set([d.pick(componentIds), d.pick(componentIds)])];
    const finishEarly = d.float() < 0.1;
    const [ja, en] = names.get(targets[0]!)!;
    const { id } = await createMaintenance({
      db,
      now: announced,
      policy,
      input: {
        title: emergency ? `${ja}の緊急メンテナンス` : `${ja}の基盤の更新`,
        title_en: emergency ? `Emergency maintenance of ${en}` : `${en} infrastructure upgrade`,
        body: '作業中はサービスをご利用いただけない場合があります。',
        body_en: 'The service may be unavailable during the work.',
        scheduled_for: start.toISOString(),
        scheduled_until: end.toISOString(),
        components: targets,
        ...(emergency && { short_notice: { reason: 'セキュリティ上の問題に緊急で対処するため' } }),
      },
    });
    counts.maintenances++;
    if (finishEarly)
      await finishMaintenance({
        db,
        now: new Date(start.getTime() + 30 * MINUTE),
        id,
        input: { body: '作業は予定より早く終わりました。', body_en: 'The work finished earlier than planned.' },
      });
  }

  // Terminations and changes, each announced with its kind's full notice.
  for (const kind of ['termination', 'change'] as const) {
    for (let i = 0; i < Math.round(years * NOTICES_PER_YEAR[kind]); i++) {
      const announced = new Date(jstMidnight(from + Math.floor(d.float() * (until - from))) + 10 * HOUR);
      const effective = new Date(announced.getTime() + (policy[kind].months * 31 + d.int(5, 60)) * DAY);
      const target = d.pick(componentIds);
      const [ja, en] = names.get(target)!;
      await createNotice({
        db,
        now: announced,
        policy,
        input: {
          kind,
          title: kind === 'termination' ? `${ja}の旧APIの提供終了` : `${ja}の仕様の変更`,
          title_en: kind === 'termination' ? `${en} legacy API retired` : `${en} behaviour change`,
          body: kind === 'termination' ? '新しいAPIへの移行をお願いします。' : '詳しくは変更内容をご覧ください。',
          body_en: kind === 'termination' ? 'Please move to the new API.' : 'See the change for details.',
          effective_at: effective.toISOString(),
          components: [target],
        },
      });
      counts.notices++;
    }
  }
  return counts;
}
