import pg from 'pg';
import { expect, it } from 'vitest';
import { ensureStandingWindowOccurrences, LATE_RUN_REASON } from '../../api/core/commands/ensure-standing-window.ts';
import { maintenanceWakeAt } from '../../api/core/queries/maintenance-wake.ts';
import { loadSiteModel } from '../../api/core/queries/site-model.ts';
import { DEFAULT_STANDING_WINDOW, LEAD_TIME_POLICY } from '../../api/core/maintenance/index.ts';
import { apiFor, json } from '../support/api.ts';
import { describeEachDatabase } from '../support/db.ts';

const INSTALLED = new Date('2026-11-28T10:00:00+09:00');
const jst = (s: string) => new Date(`${s}+09:00`);

describeEachDatabase('the standing maintenance window', ({ database }) => {
  async function setUp() {
    const api = apiFor(database(), { now: INSTALLED });
    const a = (await json(api.post('/api/v1/components', { name: '請求書' }))).id as string;
    const b = (await json(api.post('/api/v1/components', { name: '受発注' }))).id as string;
    const ensure = (now: Date) =>
      ensureStandingWindowOccurrences({
        db: database().db,
        now,
        config: DEFAULT_STANDING_WINDOW,
        policy: LEAD_TIME_POLICY,
      });
    return { api, a, b, ensure };
  }

  it('publishes every third-Wednesday window through six months ahead at first install, none flagged short: the standing window announced them', async () => {
    const { api, a, b, ensure } = await setUp();
    const { inserted } = await ensure(INSTALLED);
    expect(inserted).toEqual([
      'monthly20261216',
      'monthly20270120',
      'monthly20270217',
      'monthly20270317',
      'monthly20270421',
      'monthly20270519',
      'monthly20270616',
    ]);
    const listed = (await json(api.get('/api/v1/maintenances'))).maintenances;
    expect(
      listed.map((m: { scheduled_for: string; scheduled_until: string }) => [m.scheduled_for, m.scheduled_until])[0],
    ).toEqual(['2026-12-16T02:00:00.000+09:00', '2026-12-16T04:00:00.000+09:00']);
    // Six months from 2026-11-28 is 2027-05-28, but the windows before it were published by the
    // standing schedule on the sheet, not by the day the job stored them.
    expect(
      listed.map((m: { short_notice: boolean; lead_time: { meets_policy: boolean } }) => [
        m.short_notice,
        m.lead_time.meets_policy,
      ]),
    ).toEqual(Array(7).fill([false, true]));
    expect(listed[0]).toMatchObject({
      short_notice_reason: null,
      announced_at: '2026-11-28T10:00:00.000+09:00',
      title: '定期メンテナンス',
      series_id: 'monthly',
      status: 'scheduled',
    });
    const compliance = (await json(api.get('/api/v1/compliance'))).items;
    expect(compliance.filter((i: { meets_policy: boolean }) => !i.meets_policy)).toEqual([]);
    expect(
      listed.every(
        (m: { components: string[] }) =>
          m.components.length === 2 && m.components.includes(a) && m.components.includes(b),
      ),
    ).toBe(true);
  });

  it('announces a window entering the horizon asking its transaction’s session one query at a time (node-postgres warns of one queued behind another)', async () => {
    const { ensure } = await setUp();
    await ensure(INSTALLED);
    // What node-postgres checks before it warns (pg/lib/client.js): a query already waiting.
    const queued: string[] = [];
    let asked = 0;
    const query = pg.Client.prototype.query;
    pg.Client.prototype.query = function (this: pg.Client & { _queryQueue: unknown[] }, ...args: unknown[]) {
      asked++;
      if (this._queryQueue.length > 0) queued.push(String((args[0] as { text?: string })?.text ?? args[0]));
      return (query as (...a: unknown[]) => unknown).apply(this, args);
    } as typeof query;
    try {
      // A month later the next window enters the horizon and is announced: read back within the transaction.
      expect((await ensure(jst('2026-12-28T10:00:00'))).inserted).toEqual(['monthly20270721']);
    } finally {
      pg.Client.prototype.query = query;
    }
    // PGlite has no node-postgres client: nothing to count there.
    if (database().kind === 'postgres') expect(asked).toBeGreaterThan(4);
    expect(queued).toEqual([]);
  });

  it('inserts nothing when run again, and only the next window, with full notice, a month later', async () => {
    const { api, ensure } = await setUp();
    await ensure(INSTALLED);
    expect((await ensure(INSTALLED)).inserted).toEqual([]);
    expect((await ensure(jst('2026-11-28T11:00:00'))).inserted).toEqual([]);
    const later = await ensure(jst('2026-12-28T10:00:00'));
    expect(later.inserted).toEqual(['monthly20270721']);
    const july = await json(api.get('/api/v1/maintenances/monthly20270721'));
    expect(july).toMatchObject({
      short_notice: false,
      announced_at: '2026-12-28T10:00:00.000+09:00',
      lead_time: { meets_policy: true },
    });
    expect((await json(api.get('/api/v1/maintenances'))).maintenances).toHaveLength(8);
  });

  it('flags the occurrences a late run of the job publishes with less than six months of notice, and counts them as short', async () => {
    const { api, ensure } = await setUp();
    await ensure(INSTALLED);
    // The job did not run for three months: July and August come up with under six months' notice.
    const late = await ensure(jst('2027-03-01T10:00:00'));
    expect(late.inserted).toEqual(['monthly20270721', 'monthly20270818', 'monthly20270915']);
    const shortOnes = (await json(api.get('/api/v1/maintenances'))).maintenances
      .filter((m: { short_notice: boolean }) => m.short_notice)
      .map((m: { id: string; short_notice_reason: string }) => [m.id, m.short_notice_reason]);
    expect(shortOnes).toEqual([
      ['monthly20270721', LATE_RUN_REASON],
      ['monthly20270818', LATE_RUN_REASON],
    ]);
    const compliance = (await json(api.get('/api/v1/compliance'))).items;
    expect(
      compliance.filter((i: { meets_policy: boolean }) => !i.meets_policy).map((i: { id: string }) => i.id),
    ).toEqual(['monthly20270721', 'monthly20270818']);
  });

  it('leaves a cancelled or rescheduled occurrence as the operator left it', async () => {
    const { api, ensure } = await setUp();
    await ensure(INSTALLED);
    await api.post('/api/v1/maintenances/monthly20270616/cancel', { reason: '作業がないため' });
    await api.post('/api/v1/maintenances/monthly20270519/reschedule', {
      scheduled_for: '2027-05-26T02:00:00+09:00',
      scheduled_until: '2027-05-26T04:00:00+09:00',
      reason: '祝日と重なるため',
      short_notice: { reason: '日程調整' },
    });
    expect((await ensure(jst('2026-11-28T12:00:00'))).inserted).toEqual([]);
    const model = await loadSiteModel({ db: database().db, now: jst('2026-11-28T12:00:00') });
    expect(model.maintenances.find((m) => m.id === 'monthly20270616')?.status).toBe('cancelled');
    expect(model.maintenances.find((m) => m.id === 'monthly20270519')?.scheduledFor).toEqual(
      jst('2027-05-26T02:00:00'),
    );
    expect(model.maintenances).toHaveLength(7);
  });

  it('turns the components under maintenance at 02:00 and back at 04:00, and wakes the publisher at both edges', async () => {
    const { api, a, ensure } = await setUp();
    await ensure(INSTALLED);
    const at = async (s: string) => loadSiteModel({ db: database().db, now: jst(s) });

    const before = await at('2026-12-16T01:59:59');
    expect(before.indicator).toBe('none');
    expect(before.components.map((c) => c.status)).toEqual(['operational', 'operational']);
    expect(maintenanceWakeAt(before, before.generatedAt)).toEqual(jst('2026-12-16T02:00:00'));

    const during = await at('2026-12-16T02:00:00');
    expect(during.indicator).toBe('maintenance');
    expect(during.components.map((c) => c.status)).toEqual(['under_maintenance', 'under_maintenance']);
    expect(during.maintenances[0]!.status).toBe('in_progress');
    expect(maintenanceWakeAt(during, during.generatedAt)).toEqual(jst('2026-12-16T04:00:00'));

    api.setNow(jst('2026-12-16T02:30:00'));
    await api.post('/api/v1/incidents', { name: '障害', body: '調査中', components: { [a]: 'partial_outage' } });
    const broken = await at('2026-12-16T02:30:00');
    expect(broken.indicator).toBe('major');
    expect(broken.components.map((c) => c.status)).toEqual(['partial_outage', 'under_maintenance']);

    const after = await at('2026-12-16T04:00:00');
    expect(after.maintenances[0]!.status).toBe('completed');
    expect(after.components.map((c) => c.status)).toEqual(['partial_outage', 'operational']);
  });
});
