import { expect, it } from 'vitest';
import { apiFor, json } from '../support/api.ts';
import { describeEachDatabase } from '../support/db.ts';

const jst = (local: string) => new Date(`${local.replace(' ', 'T')}:00+09:00`);
const iso = (local: string) => `${local.replace(' ', 'T')}:00.000+09:00`;
const NOW = '2026-11-28 12:00';

/**
 * A year of history through the API with a pinned clock. Hand-computed figures (downtime counts
 * from detection; partial outage weighs 0.5; degraded is not downtime):
 *   1. inv  major    2026-01-31 23:40 → 02-01 00:30   Jan 20 min, Feb 30 min; notice 10; repair 50
 *   2. ctr  partial  2026-03-10 10:00 → major 11:00 → resolved 11:30   Mar 30 + 30 = 60 min; notice 30; repair 90
 *   3. inv  major    2026-05-31 23:00 → 06-02 01:00   May 60 min, Jun 1,500 min; notice 90 (late); repair 1,560 (≥ 1 day)
 *   4. both degraded 2026-08-05 09:00 → 10:00         no downtime; notice 5; repair 60
 *   5. ctr  major    2026-11-28 11:00, still open     Nov 60 min to now; notice 5; last update 11:20 → due 11:50, 10 min late
 *   6. inv  degraded 2026-11-28 11:40, still open     promised next update 12:30; notice 0
 */
async function buildYear(api: ReturnType<typeof apiFor>) {
  const at = (local: string) => api.setNow(jst(local));
  at('2025-11-20 10:00');
  const inv = (await json(api.post('/api/v1/components', { name: '請求書', name_en: 'Invoices' }))).id as string;
  const ctr = (await json(api.post('/api/v1/components', { name: '契約書', name_en: 'Contracts' }))).id as string;
  const open = async (
    local: string,
    detected: string,
    components: Record<string, string>,
    extra: Record<string, unknown> = {},
  ) => {
    at(local);
    const res = await api.post('/api/v1/incidents', {
      name: '障害',
      body: '調査しています。',
      detected_at: iso(detected),
      components,
      ...extra,
    });
    expect(res.status).toBe(201);
    return (await res.json()).id as string;
  };
  const update = async (id: string, local: string, status: string, components: Record<string, string> = {}) => {
    at(local);
    expect((await api.post(`/api/v1/incidents/${id}/updates`, { status, body: '更新', components })).status).toBe(201);
  };
  const i1 = await open('2026-01-31 23:50', '2026-01-31 23:40', { [inv]: 'major_outage' });
  await update(i1, '2026-02-01 00:30', 'resolved', { [inv]: 'operational' });
  const i2 = await open('2026-03-10 10:30', '2026-03-10 10:00', { [ctr]: 'partial_outage' });
  await update(i2, '2026-03-10 11:00', 'identified', { [ctr]: 'major_outage' });
  await update(i2, '2026-03-10 11:30', 'resolved', { [ctr]: 'operational' });
  const i3 = await open('2026-06-01 00:30', '2026-05-31 23:00', { [inv]: 'major_outage' });
  await update(i3, '2026-06-02 01:00', 'resolved', { [inv]: 'operational' });
  const i4 = await open('2026-08-05 09:05', '2026-08-05 09:00', {
    [inv]: 'degraded_performance',
    [ctr]: 'degraded_performance',
  });
  await update(i4, '2026-08-05 10:00', 'resolved', { [inv]: 'operational', [ctr]: 'operational' });
  const i5 = await open('2026-11-28 11:05', '2026-11-28 11:00', { [ctr]: 'major_outage' });
  await update(i5, '2026-11-28 11:20', 'identified');
  const i6 = await open(
    '2026-11-28 11:40',
    '2026-11-28 11:40',
    { [inv]: 'degraded_performance' },
    { next_update_at: iso('2026-11-28 12:30') },
  );
  at(NOW);
  return { inv, ctr, ids: [i1, i2, i3, i4, i5, i6] };
}

describeEachDatabase('service levels through /api/v1', ({ database }) => {
  it('publishes each month’s availability per component and overall, to the hand-computed value', async () => {
    const api = apiFor(database());
    const { inv, ctr } = await buildYear(api);
    const res = await api.get('/api/v1/service-levels');
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.generated_at).toBe('2026-11-28T12:00:00.000+09:00');
    expect(body.months.map((m: { period: string }) => m.period)).toEqual([
      '2025-12',
      '2026-01',
      '2026-02',
      '2026-03',
      '2026-04',
      '2026-05',
      '2026-06',
      '2026-07',
      '2026-08',
      '2026-09',
      '2026-10',
      '2026-11',
    ]);
    const level = (month: string, id: string | null) => {
      const m = body.months.find((x: { period: string }) => x.period === month);
      return id === null ? m.overall : m.components.find((c: { component_id: string }) => c.component_id === id);
    };
    expect(level('2026-01', inv).availability).toBeCloseTo(44_620 / 44_640, 12);
    expect(level('2026-02', inv).availability).toBeCloseTo(40_290 / 40_320, 12);
    expect(level('2026-03', ctr).availability).toBeCloseTo(44_580 / 44_640, 12);
    expect(level('2026-03', ctr)).toMatchObject({
      partial_outage_minutes: 60,
      major_outage_minutes: 30,
      downtime_minutes: 60,
      met: false,
      final: true,
    });
    expect(level('2026-05', inv).availability).toBeCloseTo(44_580 / 44_640, 12);
    expect(level('2026-06', inv).availability).toBeCloseTo(41_700 / 43_200, 12);
    expect(level('2026-08', inv)).toMatchObject({
      availability: 1,
      degraded_minutes: 60,
      downtime_minutes: 0,
      met: true,
    });
    expect(level('2025-12', null)).toMatchObject({ availability: 1, met: true, final: true });
    // Overall = 1 − Σ downtime ÷ Σ planned: March, 60 of 2 × 44,640 component-minutes.
    expect(level('2026-03', null).availability).toBeCloseTo(1 - 60 / 89_280, 12);
  });

  it('gives this month’s error budget in minutes, used and left, measured up to now', async () => {
    const api = apiFor(database());
    const { inv, ctr } = await buildYear(api);
    const body = await json(api.get('/api/v1/service-levels'));
    const november = body.current_month;
    expect(november.period).toBe('2026-11');
    const contracts = november.components.find((c: { component_id: string }) => c.component_id === ctr);
    // 27.5 days measured = 39,600 minutes; 60 of them down; budget 99.99% of 30 days = 4.32.
    expect(contracts).toMatchObject({
      planned_minutes: 39_600,
      downtime_minutes: 60,
      met: null,
      status: 'missed',
      final: false,
      measured_to: '2026-11-28T12:00:00.000+09:00',
    });
    expect(contracts.error_budget).toEqual({
      planned_minutes_whole_period: 43_200,
      minutes: 4.32,
      used_minutes: 60,
      left_minutes: -55.68,
    });
    // A running month is never "met", however clean so far.
    expect(november.components.find((c: { component_id: string }) => c.component_id === inv)).toMatchObject({
      availability: 1,
      downtime_minutes: 0,
      met: null,
      status: 'on_track',
    });
    expect(november.overall.availability).toBeCloseTo(79_140 / 79_200, 12);
    // The overall budget is per service, like the overall figure: 4.32 (not 2 × 4.32), 30 of it used.
    expect(november.overall.error_budget).toEqual({
      planned_minutes_whole_period: 43_200,
      minutes: 4.32,
      used_minutes: 30,
      left_minutes: -25.68,
    });
    expect(november.overall.status).toBe('missed');
  });

  it('publishes MTTR, first-notice figures, incidents per year and the incidents that took a day or more', async () => {
    const api = apiFor(database());
    const { ids } = await buildYear(api);
    const { response, years } = await json(api.get('/api/v1/service-levels'));
    expect(response.incident_count).toBe(6);
    expect(response.resolved_count).toBe(4);
    expect(response.mttr_minutes).toBe((50 + 90 + 1560 + 60) / 4);
    // Notices 10, 30, 90, 5, 5, 0 minutes after detection.
    expect(response.first_notice).toEqual({
      mean_minutes: 140 / 6,
      median_minutes: 7.5,
      target_minutes: 60,
      met_count: 5,
      count: 6,
    });
    expect(response.per_year).toEqual({ '2026': 6 });
    expect(response.long_incident_ids).toEqual([ids[2]]);
    expect(years.map((y: { period: string }) => y.period)).toEqual(['2025', '2026']);
    // 2026 to now: 331 days + 12 hours = 477,360 minutes a component; 20 + 30 + 60 + 60 + 1,500 + 60 down.
    // Overall minutes are per service: 1,730 ÷ 2.
    expect(years[1].overall.downtime_minutes).toBe(865);
    expect(years[1].overall.availability).toBeCloseTo(1 - 1730 / (2 * 477_360), 12);
  });

  it('shows when each active incident’s next update is due, and 90 daily bars per component', async () => {
    const api = apiFor(database());
    const { inv, ctr, ids } = await buildYear(api);
    const body = await json(api.get('/api/v1/service-levels'));
    expect(body.updates).toEqual([
      { incident_id: ids[5], due_at: '2026-11-28T12:30:00.000+09:00', overdue: false, minutes_late: 0, promised: true },
      {
        incident_id: ids[4],
        due_at: '2026-11-28T11:50:00.000+09:00',
        overdue: true,
        minutes_late: 10,
        promised: false,
      },
    ]);
    const bars = body.daily.find((d: { component_id: string }) => d.component_id === ctr).days;
    expect(bars).toHaveLength(90);
    expect(bars.at(-1)).toMatchObject({
      date: '2026-11-28',
      downtime_minutes: 60,
      degraded_minutes: 0,
      worst_status: 'major_outage',
      incident_ids: [ids[4]],
    });
    expect(bars.at(-1).availability).toBeCloseTo(660 / 720, 12);
    expect(body.daily.find((d: { component_id: string }) => d.component_id === inv).days.at(-1).worst_status).toBe(
      'degraded_performance',
    );
    expect(body.support_desk.phone).toMatchObject({
      open: false,
      next_open: '2026-11-30T09:00:00.000+09:00',
      days: ['mon', 'tue', 'wed', 'thu', 'fri'],
    });
    expect(body.support_desk.phone.opening_intervals[0]).toEqual({
      start: '2026-11-30T09:00:00.000+09:00',
      end: '2026-11-30T12:00:00.000+09:00',
    });
  });
});

describeEachDatabase('overdue incident updates through /api/v1', ({ database }) => {
  it('lists the incidents whose promised update is late, for operators only', async () => {
    const api = apiFor(database());
    const { ids } = await buildYear(api);
    expect((await api.get('/api/v1/incidents/overdue')).status).toBe(401);
    const empty = await api.app.request('/api/v1/incidents/overdue', { headers: { Authorization: 'Bearer ' } });
    expect(empty.status).toBe(401);
    expect(empty.headers.get('content-type')).toBe('application/problem+json');
    const res = await api.send('GET', '/api/v1/incidents/overdue');
    expect(res.status).toBe(200);
    const { incidents } = await res.json();
    expect(incidents).toEqual([
      {
        incident_id: ids[4],
        due_at: '2026-11-28T11:50:00.000+09:00',
        overdue: true,
        minutes_late: 10,
        promised: false,
        name: '障害',
        name_en: null,
        status: 'identified',
        latest_update_at: '2026-11-28T11:20:00.000+09:00',
        url: `https://status.example.jp/incidents/${ids[4]}`,
      },
    ]);
  });

  it('clears an incident from the list once an update is posted, and counts an operator’s promise', async () => {
    const api = apiFor(database());
    const { ids } = await buildYear(api);
    expect(
      (
        await api.post(`/api/v1/incidents/${ids[4]}/updates`, {
          status: 'identified',
          body: '復旧作業中です。',
          next_update_at: iso('2026-11-28 12:15'),
        })
      ).status,
    ).toBe(201);
    expect((await json(api.send('GET', '/api/v1/incidents/overdue'))).incidents).toEqual([]);
    api.setNow(jst('2026-11-28 12:31'));
    const late = (await json(api.send('GET', '/api/v1/incidents/overdue'))).incidents;
    expect(
      late.map((i: { incident_id: string; minutes_late: number; promised: boolean }) => [
        i.incident_id,
        i.minutes_late,
        i.promised,
      ]),
    ).toEqual([
      [ids[4], 16, true],
      [ids[5], 1, true],
    ]);
  });

  it('still answers an incident by id, documents both routes in the OpenAPI document and refuses other methods', async () => {
    const api = apiFor(database());
    const { ids } = await buildYear(api);
    expect((await api.get(`/api/v1/incidents/${ids[0]}`)).status).toBe(200);
    const doc = await json(api.get('/api/v1/openapi.json'));
    expect(doc.paths['/api/v1/service-levels'].get.summary).toMatch(/Availability/);
    // A client must learn from the document that a running month is never "met", and what a figure covers.
    const described = doc.paths['/api/v1/service-levels'].get.description;
    for (const word of ['`on_track`', '`at_risk`', '`missed`', '`met`', '`measured_from`', 'per service on average'])
      expect(described).toContain(word);
    expect(doc.paths['/api/v1/incidents/overdue'].get.security).toEqual([{ bearer: [] }]);
    const post = await api.post('/api/v1/service-levels', {});
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
  });
});
