import { expect, it } from 'vitest';
import { apiFor, json } from '../support/api.ts';
import { describeEachDatabase } from '../support/db.ts';

/** The clock is pinned at 2026-11-28 10:00 JST (tests/support/api.ts) unless a test moves it. */
const jst = (s: string) => `${s}+09:00`;

describeEachDatabase('planned maintenance and notices through /api/v1', ({ database }) => {
  async function setUp() {
    const api = apiFor(database());
    const invoices = (await json(api.post('/api/v1/components', { name: '請求書', name_en: 'Invoices' }))).id as string;
    const contracts = (await json(api.post('/api/v1/components', { name: '契約書', name_en: 'Contracts' })))
      .id as string;
    return { api, invoices, contracts };
  }

  const window = (start: string, end: string) => ({ scheduled_for: jst(start), scheduled_until: jst(end) });

  async function expectProblem(res: Response, status: number, field?: string) {
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    const problem = await res.json();
    if (field) expect(problem.errors.map((e: { field: string }) => e.field)).toContain(field);
    return problem;
  }

  it('refuses a maintenance at 4 months’ notice, stating the required and actual lead time, and stores nothing', async () => {
    const { api, invoices } = await setUp();
    const res = await api.post('/api/v1/maintenances', {
      title: 'DB移行',
      body: '移行します。',
      components: [invoices],
      ...window('2027-03-29T02:00:00', '2027-03-29T04:00:00'),
    });
    const problem = await expectProblem(res, 422, 'scheduled_for');
    expect(problem).toMatchObject({ required: 'P6M', actual_days: 120, kind: 'maintenance' });
    // In Japanese: the request asked for no other language (problem-language.test.ts has the English).
    expect(problem.detail).toMatch(/6か月以上前の告知が必要ですが、この告知は120日前（約4か月）です/);
    expect((await json(api.get('/api/v1/maintenances'))).maintenances).toEqual([]);
    expect(api.changes).not.toContainEqual(expect.objectContaining({ kind: 'maintenance' }));
  });

  it('accepts the same maintenance marked short-notice with a reason, and flags it in the answer and the compliance listing', async () => {
    const { api, invoices } = await setUp();
    const res = await api.post('/api/v1/maintenances', {
      title: 'DB移行',
      title_en: 'Database migration',
      body: '移行します。',
      components: [invoices],
      ...window('2027-03-29T02:00:00', '2027-03-29T04:00:00'),
      short_notice: { reason: 'ベンダーのサポート終了に伴う緊急対応' },
    });
    expect(res.status).toBe(201);
    const created = await res.json();
    expect(created).toMatchObject({
      status: 'scheduled',
      scheduled_for: '2027-03-29T02:00:00.000+09:00',
      announced_at: '2026-11-28T10:00:00.000+09:00',
      short_notice: true,
      short_notice_reason: 'ベンダーのサポート終了に伴う緊急対応',
      lead_time: { required: 'P6M', actual_days: 120, meets_policy: false },
      components: [invoices],
      sequence: 0,
      url: `https://status.example.jp/maintenance/${created.id}/`,
    });
    expect(api.changes).toContainEqual({ kind: 'maintenance', id: created.id });
    const compliance = await json(api.get('/api/v1/compliance'));
    expect(compliance.policy).toEqual({ maintenance: 'P6M', termination: 'P3M', change: 'P1M' });
    expect(compliance.items).toEqual([
      expect.objectContaining({
        kind: 'maintenance',
        id: created.id,
        announced_at: '2026-11-28T10:00:00.000+09:00',
        effective_at: '2027-03-29T02:00:00.000+09:00',
        lead_days: 120,
        required: 'P6M',
        meets_policy: false,
        short_notice: true,
        short_notice_reason: 'ベンダーのサポート終了に伴う緊急対応',
        cancelled: false,
        url: `https://status.example.jp/maintenance/${created.id}/`,
      }),
    ]);
  });

  it('accepts a maintenance with six full months’ notice without a short-notice mark', async () => {
    const { api, contracts } = await setUp();
    const created = await json(
      api.post('/api/v1/maintenances', {
        title: '定期点検',
        body: '点検',
        components: [contracts],
        ...window('2027-05-28T10:00:00', '2027-05-28T12:00:00'),
      }),
    );
    expect(created).toMatchObject({
      short_notice: false,
      short_notice_reason: null,
      lead_time: { meets_policy: true, actual_days: 181 },
    });
  });

  it('accepts a termination 3 months out and refuses a change 29 days out unless marked short-notice', async () => {
    const { api, invoices } = await setUp();
    const termination = await api.post('/api/v1/notices', {
      kind: 'termination',
      title: '旧APIの提供終了',
      body: '旧APIを終了します。',
      effective_at: jst('2027-02-28T10:00:00'),
      components: [invoices],
    });
    expect(termination.status).toBe(201);
    expect(await termination.json()).toMatchObject({
      kind: 'termination',
      short_notice: false,
      lead_time: { required: 'P3M', actual_days: 92, meets_policy: true },
      effective_at: '2027-02-28T10:00:00.000+09:00',
    });

    const change = {
      kind: 'change',
      title: '仕様変更',
      body: 'CSVの列が増えます。',
      effective_at: jst('2026-12-27T10:00:00'),
      components: [invoices],
    };
    const refused = await expectProblem(await api.post('/api/v1/notices', change), 422, 'effective_at');
    expect(refused).toMatchObject({ required: 'P1M', actual_days: 29, kind: 'change' });
    expect((await json(api.get('/api/v1/notices'))).notices).toHaveLength(1);

    const short = await json(api.post('/api/v1/notices', { ...change, short_notice: { reason: '法改正への対応' } }));
    expect(short).toMatchObject({
      short_notice: true,
      short_notice_reason: '法改正への対応',
      lead_time: { meets_policy: false },
    });
    expect((await json(api.get(`/api/v1/notices/${short.id}`))).title).toBe('仕様変更');
    const compliance = (await json(api.get('/api/v1/compliance'))).items;
    expect(
      compliance.map((i: { kind: string; meets_policy: boolean; url: string }) => [i.kind, i.meets_policy, i.url]),
    ).toEqual([
      ['change', false, `https://status.example.jp/notices/${short.id}/`],
      ['termination', true, expect.stringMatching(/^https:\/\/status\.example\.jp\/notices\/\w+\/$/)],
    ]);
    expect((await api.get('/api/v1/notices/nosuch')).status).toBe(404);
  });

  it('reschedules a maintenance, keeping who, when, why and the old and new times, and bumps its sequence', async () => {
    const { api, invoices } = await setUp();
    const created = await json(
      api.post('/api/v1/maintenances', {
        title: '移行',
        body: 'x',
        components: [invoices],
        ...window('2027-06-16T02:00:00', '2027-06-16T04:00:00'),
      }),
    );
    api.setNow(new Date(jst('2026-12-01T09:00:00')));
    const moved = await json(
      api.post(`/api/v1/maintenances/${created.id}/reschedule`, {
        ...window('2027-07-21T02:00:00', '2027-07-21T05:00:00'),
        reason: '作業手順の見直しのため',
      }),
    );
    expect(moved).toMatchObject({
      scheduled_for: '2027-07-21T02:00:00.000+09:00',
      scheduled_until: '2027-07-21T05:00:00.000+09:00',
      sequence: 1,
      announced_at: '2026-12-01T09:00:00.000+09:00',
      short_notice: false,
    });
    expect(moved.history).toEqual([
      {
        kind: 'rescheduled',
        at: '2026-12-01T09:00:00.000+09:00',
        by: 'operator',
        reason: '作業手順の見直しのため',
        old_start: '2027-06-16T02:00:00.000+09:00',
        old_end: '2027-06-16T04:00:00.000+09:00',
        new_start: '2027-07-21T02:00:00.000+09:00',
        new_end: '2027-07-21T05:00:00.000+09:00',
      },
    ]);
    // Moving it closer than the policy allows is refused like a new announcement.
    await expectProblem(
      await api.post(`/api/v1/maintenances/${created.id}/reschedule`, {
        ...window('2027-01-20T02:00:00', '2027-01-20T04:00:00'),
        reason: '前倒し',
      }),
      422,
      'scheduled_for',
    );
    expect((await json(api.get(`/api/v1/maintenances/${created.id}`))).sequence).toBe(1);
  });

  it('cancels a maintenance that has not started, keeping it listed as cancelled with the reason', async () => {
    const { api, invoices } = await setUp();
    const created = await json(
      api.post('/api/v1/maintenances', {
        title: '移行',
        body: 'x',
        components: [invoices],
        ...window('2027-06-16T02:00:00', '2027-06-16T04:00:00'),
      }),
    );
    const cancelled = await json(
      api.post(`/api/v1/maintenances/${created.id}/cancel`, { reason: '移行が不要になったため' }),
    );
    expect(cancelled).toMatchObject({
      status: 'cancelled',
      sequence: 1,
      cancel_reason: '移行が不要になったため',
      cancelled_at: '2026-11-28T10:00:00.000+09:00',
    });
    expect(cancelled.history[0]).toMatchObject({ kind: 'cancelled', by: 'operator', new_start: null, new_end: null });
    const again = await expectProblem(
      await api.post(`/api/v1/maintenances/${created.id}/cancel`, { reason: 'もう一度' }),
      409,
      'status',
    );
    expect(again.detail).toMatch(/cancelled/);
    expect((await json(api.get('/api/v1/compliance'))).items[0]).toMatchObject({ id: created.id, cancelled: true });
  });

  it('shows components under maintenance exactly while the window is open, unless an incident is worse', async () => {
    const { api, invoices, contracts } = await setUp();
    const created = await json(
      api.post('/api/v1/maintenances', {
        title: '移行',
        body: 'x',
        components: [invoices, contracts],
        ...window('2026-12-16T02:00:00', '2026-12-16T04:00:00'),
        short_notice: { reason: '緊急' },
      }),
    );
    const statuses = async () =>
      Object.fromEntries(
        (await json(api.get('/api/v1/components'))).components.map((c: { id: string; status: string }) => [
          c.id,
          c.status,
        ]),
      );

    api.setNow(new Date(jst('2026-12-16T01:59:59.999')));
    expect((await json(api.get(`/api/v1/maintenances/${created.id}`))).next_transition_at).toBe(
      '2026-12-16T02:00:00.000+09:00',
    );
    expect(await statuses()).toEqual({ [invoices]: 'operational', [contracts]: 'operational' });

    api.setNow(new Date(jst('2026-12-16T02:00:00')));
    expect((await json(api.get(`/api/v1/maintenances/${created.id}`))).status).toBe('in_progress');
    expect(await statuses()).toEqual({ [invoices]: 'under_maintenance', [contracts]: 'under_maintenance' });
    await api.post('/api/v1/incidents', { name: '障害', body: '調査中', components: { [contracts]: 'major_outage' } });
    expect(await statuses()).toEqual({ [invoices]: 'under_maintenance', [contracts]: 'major_outage' });

    api.setNow(new Date(jst('2026-12-16T03:00:00')));
    const verifying = await json(
      api.post(`/api/v1/maintenances/${created.id}/verifying`, { body: '動作確認中です。' }),
    );
    expect(verifying).toMatchObject({
      status: 'verifying',
      updates: [{ status: 'verifying', body: '動作確認中です。' }],
    });
    expect((await statuses())[invoices]).toBe('under_maintenance');

    api.setNow(new Date(jst('2026-12-16T03:50:00')));
    const extended = await json(
      api.post(`/api/v1/maintenances/${created.id}/extend`, {
        extended_until: jst('2026-12-16T05:00:00'),
        reason: '確認に時間を要しているため',
      }),
    );
    expect(extended).toMatchObject({ ends_at: '2026-12-16T05:00:00.000+09:00', sequence: 1 });

    api.setNow(new Date(jst('2026-12-16T04:30:00')));
    expect((await statuses())[invoices]).toBe('under_maintenance');
    api.setNow(new Date(jst('2026-12-16T05:00:00')));
    expect((await json(api.get(`/api/v1/maintenances/${created.id}`))).status).toBe('completed');
    expect((await statuses())[invoices]).toBe('operational');
  });

  it('finishes a maintenance early and posts updates stamped with its status', async () => {
    const { api, invoices } = await setUp();
    const created = await json(
      api.post('/api/v1/maintenances', {
        title: '移行',
        body: 'x',
        components: [invoices],
        ...window('2026-12-16T02:00:00', '2026-12-16T04:00:00'),
        short_notice: { reason: '緊急' },
      }),
    );
    await expectProblem(await api.post(`/api/v1/maintenances/${created.id}/finish`, {}), 409, 'status');
    api.setNow(new Date(jst('2026-12-16T02:10:00')));
    const update = await api.post(`/api/v1/maintenances/${created.id}/updates`, {
      body: '作業を開始しました。',
      body_en: 'Work has begun.',
    });
    expect(update.status).toBe(201);
    api.setNow(new Date(jst('2026-12-16T03:00:00')));
    const finished = await json(api.post(`/api/v1/maintenances/${created.id}/finish`, { body: '完了しました。' }));
    expect(finished).toMatchObject({
      status: 'completed',
      finished_at: '2026-12-16T03:00:00.000+09:00',
      ends_at: '2026-12-16T03:00:00.000+09:00',
      sequence: 0,
    });
    expect(finished.updates.map((u: { status: string; body: string }) => [u.status, u.body])).toEqual([
      ['completed', '完了しました。'],
      ['in_progress', '作業を開始しました。'],
    ]);
  });

  it('answers bad input with problem+json naming each field, and stores nothing', async () => {
    const { api, invoices } = await setUp();
    const ok = {
      title: 't',
      body: 'b',
      components: [invoices],
      ...window('2027-06-16T02:00:00', '2027-06-16T04:00:00'),
    };
    await expectProblem(await api.post('/api/v1/maintenances', { ...ok, title: '' }), 422, 'title');
    await expectProblem(await api.post('/api/v1/maintenances', { ...ok, title: 'a\r\nBcc: x' }), 422, 'title');
    await expectProblem(
      await api.post('/api/v1/maintenances', { ...ok, scheduled_for: '2027-06-16T02:00:00' }),
      422,
      'scheduled_for',
    );
    await expectProblem(
      await api.post('/api/v1/maintenances', { ...ok, scheduled_until: jst('2027-06-16T01:00:00') }),
      422,
      'scheduled_until',
    );
    await expectProblem(
      await api.post('/api/v1/maintenances', {
        ...ok,
        ...window('2026-11-01T02:00:00', '2026-11-01T04:00:00'),
        short_notice: { reason: 'r' },
      }),
      422,
      'scheduled_for',
    );
    await expectProblem(await api.post('/api/v1/maintenances', { ...ok, components: ['nosuch'] }), 422, 'components.0');
    await expectProblem(
      await api.post('/api/v1/maintenances', { ...ok, components: [invoices, invoices] }),
      422,
      'components',
    );
    await expectProblem(await api.post('/api/v1/maintenances', { ...ok, components: [] }), 422, 'components');
    await expectProblem(await api.post('/api/v1/maintenances', { ...ok, components: { $ne: 1 } }), 422, 'components');
    await expectProblem(
      await api.post('/api/v1/maintenances', { ...ok, short_notice: { reason: '' } }),
      422,
      'short_notice.reason',
    );
    await expectProblem(await api.post('/api/v1/maintenances', { ...ok, short_notice: true }), 422, 'short_notice');
    await expectProblem(await api.post('/api/v1/maintenances', { ...ok, status: 'completed' }), 422);
    await expectProblem(
      await api.post('/api/v1/notices', {
        kind: 'outage',
        title: 't',
        body: 'b',
        effective_at: jst('2027-06-01T00:00:00'),
      }),
      422,
      'kind',
    );
    await expectProblem(
      await api.post('/api/v1/notices', {
        kind: 'change',
        title: 't',
        body: 'b',
        effective_at: jst('2027-06-01T00:00:00'),
      }),
      422,
      'components',
    );
    await expectProblem(
      await api.post('/api/v1/notices', {
        kind: 'termination',
        title: 't\u0000',
        body: 'b',
        effective_at: jst('2027-06-01T00:00:00'),
      }),
      422,
      'title',
    );
    await expectProblem(await api.get('/api/v1/maintenances?status=soon'), 422, 'status');
    await expectProblem(await api.get('/api/v1/maintenances?status=all&status=past'), 422, 'status');
    await expectProblem(await api.post('/api/v1/maintenances/nosuch/cancel', { reason: 'r' }), 404);
    await expectProblem(await api.get('/api/v1/maintenances/nosuch'), 404);
    await expectProblem(
      await api.post('/api/v1/maintenances', JSON.stringify(ok), { 'Content-Type': 'text/plain' }),
      415,
    );
    const anonymous = await api.app.request('/api/v1/maintenances', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(ok),
    });
    expect(anonymous.status).toBe(401);
    expect((await json(api.get('/api/v1/maintenances'))).maintenances).toEqual([]);
    expect((await json(api.get('/api/v1/notices'))).notices).toEqual([]);
  });

  it('documents every maintenance, notice and compliance route in the OpenAPI document, writes with the bearer token', async () => {
    const { api } = await setUp();
    const doc = await json(api.get('/api/v1/openapi.json'));
    for (const verb of ['reschedule', 'cancel', 'extend', 'finish', 'verifying', 'updates'])
      expect(doc.paths[`/api/v1/maintenances/{id}/${verb}`].post.security).toEqual([{ bearer: [] }]);
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/maintenances',
        '/api/v1/maintenances/{id}',
        '/api/v1/notices',
        '/api/v1/notices/{id}',
        '/api/v1/compliance',
      ]),
    );
    expect(doc.paths['/api/v1/maintenances'].post.requestBody.content['application/json'].schema).toBeDefined();
  });

  it('keeps template syntax and HTML literal in maintenance and notice text', async () => {
    const { api, invoices } = await setUp();
    const text = '{{7*7}} <img src=x onerror=alert(1)> ]]></script>';
    const m = await json(
      api.post('/api/v1/maintenances', {
        title: text,
        body: text,
        components: [invoices],
        ...window('2027-06-16T02:00:00', '2027-06-16T04:00:00'),
      }),
    );
    expect(m).toMatchObject({ title: text, body: text });
    const n = await json(
      api.post('/api/v1/notices', {
        kind: 'termination',
        title: text,
        body: text,
        effective_at: jst('2027-06-01T00:00:00'),
      }),
    );
    expect(n).toMatchObject({ title: text, body: text });
  });
});
