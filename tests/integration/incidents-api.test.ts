import { expect, it } from 'vitest';
import { apiFor, json } from '../support/api.ts';
import { describeEachDatabase } from '../support/db.ts';
import { settingsFrom } from '../support/settings.ts';

describeEachDatabase('incidents through /api/v1', ({ database }) => {
  async function twoComponents(api: ReturnType<typeof apiFor>) {
    const a = await json(api.post('/api/v1/components', { name: '請求書' }));
    const b = await json(api.post('/api/v1/components', { name: '受発注' }));
    return { a: a.id as string, b: b.id as string };
  }

  it('opens an incident with Statuspage names and answers 201 with the created object', async () => {
    const api = apiFor(database());
    const { a } = await twoComponents(api);
    const res = await api.post('/api/v1/incidents', {
      name: '請求書の送信遅延',
      name_en: 'Invoice delivery delayed',
      status: 'investigating',
      impact: 'major',
      body: '送信処理が遅延しています。',
      body_en: 'Sending is delayed.',
      components: { [a]: 'partial_outage' },
      detected_at: '2026-11-28T09:40:00+09:00',
    });
    expect(res.status).toBe(201);
    const incident = await res.json();
    expect(incident).toMatchObject({
      name: '請求書の送信遅延',
      name_en: 'Invoice delivery delayed',
      status: 'investigating',
      impact: 'major',
      detected_at: '2026-11-28T09:40:00.000+09:00',
      created_at: '2026-11-28T10:00:00.000+09:00',
      resolved_at: null,
      url: `https://status.example.jp/incidents/${incident.id}`,
      components: [a],
    });
    expect(incident.updates).toHaveLength(1);
    expect(incident.updates[0]).toMatchObject({
      status: 'investigating',
      body: '送信処理が遅延しています。',
      components: [{ component_id: a, status: 'partial_outage', old_status: 'operational' }],
    });
    const components = await json(api.get('/api/v1/components'));
    expect(components.components.find((c: { id: string }) => c.id === a).status).toBe('partial_outage');
  });

  it('derives the incident status from its latest update and restores components when resolved', async () => {
    const api = apiFor(database());
    const { a, b } = await twoComponents(api);
    const created = await json(
      api.post('/api/v1/incidents', {
        name: '障害',
        body: '調査中',
        components: { [a]: 'major_outage', [b]: 'degraded_performance' },
      }),
    );
    expect(created.impact).toBe('critical');
    api.setNow(new Date('2026-11-28T10:20:00+09:00'));
    const identified = await json(
      api.post(`/api/v1/incidents/${created.id}/updates`, {
        status: 'identified',
        body: '原因を特定',
        components: { [a]: 'partial_outage' },
      }),
    );
    expect(identified.status).toBe('identified');
    expect(identified.updates.map((u: { status: string }) => u.status)).toEqual(['identified', 'investigating']);
    expect(identified.updates[0].components).toEqual([
      { component_id: a, status: 'partial_outage', old_status: 'major_outage' },
    ]);
    let list = await json(api.get('/api/v1/components'));
    expect(Object.fromEntries(list.components.map((c: { id: string; status: string }) => [c.id, c.status]))).toEqual({
      [a]: 'partial_outage',
      [b]: 'degraded_performance',
    });

    api.setNow(new Date('2026-11-28T11:00:00+09:00'));
    const resolved = await json(
      api.post(`/api/v1/incidents/${created.id}/updates`, { status: 'resolved', body: '復旧しました' }),
    );
    expect(resolved).toMatchObject({
      status: 'resolved',
      resolved_at: '2026-11-28T11:00:00.000+09:00',
      updated_at: '2026-11-28T11:00:00.000+09:00',
    });
    list = await json(api.get('/api/v1/components'));
    expect(list.components.every((c: { status: string }) => c.status === 'operational')).toBe(true);
    expect((await json(api.get('/api/v1/incidents?status=unresolved'))).incidents).toEqual([]);
    expect((await json(api.get('/api/v1/incidents?status=resolved'))).incidents).toHaveLength(1);
  });

  it('lists incidents newest first and fetches one by id', async () => {
    const api = apiFor(database());
    const first = await json(api.post('/api/v1/incidents', { name: '一件目', body: 'a' }));
    api.setNow(new Date('2026-11-28T12:00:00+09:00'));
    const second = await json(api.post('/api/v1/incidents', { name: '二件目', body: 'b' }));
    const list = await json(api.get('/api/v1/incidents'));
    expect(list.incidents.map((i: { id: string }) => i.id)).toEqual([second.id, first.id]);
    expect((await json(api.get(`/api/v1/incidents/${first.id}`))).name).toBe('一件目');
    expect((await api.get('/api/v1/incidents/unknown')).status).toBe(404);
  });

  it('refuses a detection time in the future and an unknown component, storing nothing', async () => {
    const api = apiFor(database());
    const future = await api.post('/api/v1/incidents', {
      name: '未来',
      body: 'x',
      detected_at: '2026-11-28T10:30:00+09:00',
    });
    expect(future.status).toBe(422);
    expect((await future.json()).errors[0].field).toBe('detected_at');
    const unknown = await api.post('/api/v1/incidents', {
      name: '不明',
      body: 'x',
      components: { nosuch: 'major_outage' },
    });
    expect(unknown.status).toBe(422);
    expect((await unknown.json()).errors[0]).toMatchObject({
      field: 'components.nosuch',
      pointer: '/components/nosuch',
    });
    expect((await json(api.get('/api/v1/incidents'))).incidents).toEqual([]);
  });

  it('answers next_update_at with the time the page shows: the promise, else the interval after the latest post, null once resolved', async () => {
    const api = apiFor(database(), { settings: settingsFrom({ UPDATE_INTERVAL_MINUTES: '20' }) });
    const created = await json(api.post('/api/v1/incidents', { name: '障害', body: '調査中' }));
    expect(created.next_update_at).toBe('2026-11-28T10:20:00.000+09:00');

    api.setNow(new Date('2026-11-28T10:15:00+09:00'));
    const promised = await json(
      api.post(`/api/v1/incidents/${created.id}/updates`, {
        status: 'identified',
        body: '原因を特定しました。',
        next_update_at: '2026-11-28T10:25:00+09:00',
      }),
    );
    expect(promised.next_update_at).toBe('2026-11-28T10:25:00.000+09:00');

    api.setNow(new Date('2026-11-28T10:24:00+09:00'));
    await api.post(`/api/v1/incidents/${created.id}/updates`, { status: 'monitoring', body: '監視中です。' });
    const listed = (await json(api.get('/api/v1/incidents'))).incidents[0];
    expect(listed.next_update_at).toBe('2026-11-28T10:44:00.000+09:00');

    api.setNow(new Date('2026-11-28T10:40:00+09:00'));
    const resolved = await json(
      api.post(`/api/v1/incidents/${created.id}/updates`, { status: 'resolved', body: '復旧' }),
    );
    expect(resolved.next_update_at).toBeNull();
  });

  it('accepts a promise further away than the update interval but warns about it in the answer', async () => {
    const api = apiFor(database());
    const far = await api.post('/api/v1/incidents', {
      name: '障害',
      body: '調査中',
      next_update_at: '2026-11-28T12:00:00+09:00',
    });
    expect(far.status).toBe(201);
    const incident = await far.json();
    expect(incident.next_update_at).toBe('2026-11-28T12:00:00.000+09:00');
    expect(incident.warnings).toEqual([{ field: 'next_update_at', detail: expect.stringMatching(/30 minutes/) }]);

    const near = await json(
      api.post(`/api/v1/incidents/${incident.id}/updates`, {
        status: 'identified',
        body: '原因を特定しました。',
        next_update_at: '2026-11-28T10:30:00+09:00',
      }),
    );
    expect(near).not.toHaveProperty('warnings');
    const later = await json(
      api.post(`/api/v1/incidents/${incident.id}/updates`, {
        status: 'identified',
        body: '対応中です。',
        next_update_at: '2026-11-28T10:31:00+09:00',
      }),
    );
    expect(later.warnings).toEqual([{ field: 'next_update_at', detail: expect.any(String) }]);
  });

  it('counts an update posted after the time the previous post promised as late in the service-level figures', async () => {
    const api = apiFor(database());
    const created = await json(
      api.post('/api/v1/incidents', { name: '障害', body: '調査中', next_update_at: '2026-11-28T10:10:00+09:00' }),
    );
    // 20 minutes later: within the 30-minute interval, but after the 10:10 promise.
    api.setNow(new Date('2026-11-28T10:20:00+09:00'));
    await api.post(`/api/v1/incidents/${created.id}/updates`, { status: 'identified', body: '原因を特定しました。' });
    api.setNow(new Date('2026-11-28T10:40:00+09:00'));
    await api.post(`/api/v1/incidents/${created.id}/updates`, { status: 'resolved', body: '復旧しました。' });
    const cadence = (await json(api.get('/api/v1/service-levels'))).update_cadence;
    expect(cadence).toMatchObject({ gap_count: 2, met_count: 1 });
  });

  it('needs the operator token for writes but not for reads', async () => {
    const api = apiFor(database());
    const anonymous = await api.app.request('/api/v1/incidents', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{"name":"x","body":"y"}',
    });
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toContain('Bearer');
    const wrong = await api.post(
      '/api/v1/incidents',
      { name: 'x', body: 'y' },
      { Authorization: 'Bearer not-the-token' },
    );
    expect(wrong.status).toBe(401);
    const empty = await api.post('/api/v1/incidents', { name: 'x', body: 'y' }, { Authorization: 'Bearer ' });
    expect(empty.status).toBe(401);
    expect((await api.get('/api/v1/incidents')).status).toBe(200);
    expect((await json(api.get('/api/v1/incidents'))).incidents).toEqual([]);
  });

  it('disables writes with a sentence on how to enable them when no token is configured', async () => {
    const api = apiFor(database(), { adminToken: undefined });
    const res = await api.post('/api/v1/incidents', { name: 'x', body: 'y' });
    expect(res.status).toBe(503);
    expect((await res.json()).detail).toMatch(/ADMIN_TOKEN/);
  });
});
