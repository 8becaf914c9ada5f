import { expect, it } from 'vitest';
import { apiFor, json, TOKEN } from '../support/api.ts';
import { describeEachDatabase } from '../support/db.ts';

/** shared/docs/bad-inputs.md, items 1, 2, 3 and 5, against the operator API. */
describeEachDatabase('bad input to /api/v1', ({ database }) => {
  const countIncidents = async (api: ReturnType<typeof apiFor>) =>
    (await json(api.get('/api/v1/incidents'))).incidents.length;

  async function expectProblem(res: Response, status: number, field?: string) {
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    const body = await res.text();
    expect(body).not.toMatch(/at .*\.ts:\d+|node_modules/); // never a stack trace
    const problem = JSON.parse(body);
    expect(problem).toMatchObject({ status, title: expect.any(String), detail: expect.any(String) });
    if (field) expect(problem.errors.map((e: { field: string }) => e.field)).toContain(field);
    return problem;
  }

  it('(1) keeps template syntax literal in every text field', async () => {
    const api = apiFor(database());
    const texts = ['{{7*7}}', '${7*7}', '<%= 7*7 %>', '{% raw %}', '@php echo 1; @endphp'];
    for (const text of texts) {
      const created = await json(
        api.post('/api/v1/incidents', { name: text, name_en: text, body: text, body_en: text }),
      );
      expect(created).toMatchObject({ name: text, name_en: text });
      expect(created.updates[0]).toMatchObject({ body: text, body_en: text });
      const component = await json(api.post('/api/v1/components', { name: text, description: text }));
      expect(component).toMatchObject({ name: text, description: text });
    }
  });

  it('(2) stores HTML and attribute breakouts as the literal text the operator typed', async () => {
    const api = apiFor(database());
    const hostile = [
      '<img src=x onerror=alert(1)>',
      '<svg onload=alert(1)>',
      '[x](javascript:alert(1))',
      '" onfocus=alert(1) x="',
    ];
    for (const text of hostile) {
      const created = await json(api.post('/api/v1/incidents', { name: text, body: text }));
      expect(created.name).toBe(text);
      expect((await json(api.get(`/api/v1/incidents/${created.id}`))).updates[0].body).toBe(text);
    }
  });

  it('(3) refuses XML-illegal control characters, naming the field, and stores nothing', async () => {
    const api = apiFor(database());
    for (const ch of ['\u0000', '\u0008', '\u000B', '\u000C', '\u001F']) {
      await expectProblem(await api.post('/api/v1/incidents', { name: `bad${ch}name`, body: 'x' }), 422, 'name');
      await expectProblem(await api.post('/api/v1/incidents', { name: 'ok', body: `bad${ch}body` }), 422, 'body');
    }
    expect(await countIncidents(api)).toBe(0);
    const cdata = await json(api.post('/api/v1/incidents', { name: 'end ]]> </script> here', body: ']]></script>' }));
    expect(cdata.name).toBe('end ]]> </script> here');
  });

  it('(4) refuses a line break in a title, which would reach an e-mail subject', async () => {
    const api = apiFor(database());
    await expectProblem(
      await api.post('/api/v1/incidents', { name: 'subject\r\nBcc: victim@example.com', body: 'x' }),
      422,
      'name',
    );
  });

  it('(5) refuses objects, arrays and operators where a scalar belongs', async () => {
    const api = apiFor(database());
    await expectProblem(await api.post('/api/v1/incidents', { name: { $ne: 1 }, body: 'x' }), 422, 'name');
    await expectProblem(await api.post('/api/v1/incidents', { name: ['a'], body: 'x' }), 422, 'name');
    await expectProblem(
      await api.post('/api/v1/incidents', { name: 'a', body: 'x', status: { $ne: 1 } }),
      422,
      'status',
    );
    await expectProblem(
      await api.post('/api/v1/incidents', { name: 'a', body: 'x', components: ['a'] }),
      422,
      'components',
    );
    await expectProblem(
      await api.post('/api/v1/incidents', { name: 'a', body: 'x', impact: 'apocalyptic' }),
      422,
      'impact',
    );
    await expectProblem(await api.post('/api/v1/incidents', { name: 'a', body: 'x', unexpected: true }), 422);
    await expectProblem(await api.post('/api/v1/incidents', ['not', 'an', 'object']), 422);
    expect(await countIncidents(api)).toBe(0);
  });

  it('(5) refuses query parameters that are arrays or outside the allowlist', async () => {
    const api = apiFor(database());
    await expectProblem(await api.get('/api/v1/incidents?status[]=x'), 422);
    await expectProblem(await api.get('/api/v1/incidents?status=a&status=b'), 422, 'status');
    await expectProblem(await api.get('/api/v1/incidents?sort=name;drop table incidents'), 422);
    await expectProblem(await api.get('/api/v1/incidents?limit=-1'), 422, 'limit');
    await expectProblem(await api.get('/api/v1/incidents?limit=1e9'), 422, 'limit');
  });

  it('(5) answers oversized, deeply nested, non-UTF-8, non-JSON and wrongly typed bodies with 4xx', async () => {
    const api = apiFor(database());
    await expectProblem(await api.post('/api/v1/incidents', { name: 'a', body: 'x'.repeat(70 * 1024) }), 413);
    const nested = `{"name":"a","body":"x","components":${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}}`;
    await expectProblem(await api.post('/api/v1/incidents', nested), 400);
    const invalidUtf8 = new Uint8Array([0x7b, 0x22, 0x6e, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]);
    await expectProblem(
      await api.app.request('/api/v1/incidents', {
        method: 'POST',
        headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' },
        body: invalidUtf8,
      }),
      400,
    );
    await expectProblem(await api.post('/api/v1/incidents', '{"name": "a", '), 400);
    await expectProblem(
      await api.post('/api/v1/incidents', 'name=a&body=x', { 'Content-Type': 'application/x-www-form-urlencoded' }),
      415,
    );
    await expectProblem(
      await api.app.request('/api/v1/incidents', {
        method: 'POST',
        headers: { Authorization: `Bearer ${TOKEN}` },
        body: '{"name":"a","body":"x"}',
      }),
      415,
    );
    expect(await countIncidents(api)).toBe(0);
  });

  it('refuses instants outside 2000–2099 that the database would store as another time, naming the field', async () => {
    const api = apiFor(database());
    // Year 0 failed with a 500; 0049 came back as 2049; 1887 came back 59 s off; 1970 filled the service-level page.
    for (const at of [
      '0000-01-01T00:00:00Z',
      '0049-06-01T00:00:00Z',
      '1887-01-01T00:00:00+09:00',
      '1970-01-01T00:00:00Z',
    ]) {
      const problem = await expectProblem(
        await api.post('/api/v1/incidents', { name: '障害', body: '調査中', detected_at: at }),
        422,
        'detected_at',
      );
      expect(problem.errors[0].detail).toMatch(/2000-01-01/);
    }
    await expectProblem(
      await api.post('/api/v1/incidents', { name: '障害', body: '調査中', next_update_at: '2207-01-01T00:00:00Z' }),
      422,
      'next_update_at',
    );
    expect(await countIncidents(api)).toBe(0);
    for (const day of ['1970-01-01', '0049-01-01', '2207-01-01'])
      await expectProblem(await api.post('/api/v1/components', { name: '請求書', start_date: day }), 422, 'start_date');
  });

  it('refuses a maintenance or notice more than ten years ahead, and a window longer than seven days', async () => {
    const api = apiFor(database());
    const component = (await json(api.post('/api/v1/components', { name: '請求書' }))).id as string;
    const maintenance = (scheduled_for: string, scheduled_until: string) =>
      api.post('/api/v1/maintenances', {
        title: 'DB移行',
        body: '移行します。',
        components: [component],
        scheduled_for,
        scheduled_until,
        short_notice: { reason: '試験' },
      });
    await expectProblem(await maintenance('2207-01-01T02:00:00Z', '2207-01-01T04:00:00Z'), 422, 'scheduled_for');
    await expectProblem(await maintenance('2037-01-01T02:00:00Z', '2037-01-01T04:00:00Z'), 422, 'scheduled_for');
    const long = await expectProblem(
      await maintenance('2027-06-01T02:00:00Z', '2027-06-08T02:01:00Z'),
      422,
      'scheduled_until',
    );
    expect(long.errors.map((e: { detail: string }) => e.detail).join()).toMatch(/7日以内/);
    await expectProblem(
      await api.post('/api/v1/notices', {
        kind: 'termination',
        title: '終了',
        body: '終了します。',
        effective_at: '2037-01-01T00:00:00Z',
      }),
      422,
      'effective_at',
    );
    expect((await json(api.get('/api/v1/maintenances'))).maintenances).toEqual([]);

    const week = await json(maintenance('2027-06-01T02:00:00Z', '2027-06-08T02:00:00Z'));
    expect(week.id).toEqual(expect.any(String));
    api.setNow(new Date('2027-06-01T03:00:00Z'));
    await expectProblem(
      await api.post(`/api/v1/maintenances/${week.id}/extend`, {
        extended_until: '2027-06-09T02:00:00Z',
        reason: '延長',
      }),
      422,
      'extended_until',
    );
  });

  it('refuses a component map with a __proto__ key, naming it, instead of ignoring it', async () => {
    const api = apiFor(database());
    await expectProblem(
      await api.post('/api/v1/incidents', '{"name":"障害","body":"調査中","components":{"__proto__":"major_outage"}}'),
      422,
      'components.__proto__',
    );
    await expectProblem(
      await api.post('/api/v1/incidents', {
        name: '障害',
        body: '調査中',
        components: { constructor: 'major_outage' },
      }),
      422,
      'components.constructor',
    );
    expect(await countIncidents(api)).toBe(0);
  });

  it('refuses a promise of a next update on a post that resolves the incident', async () => {
    const api = apiFor(database());
    const later = '2026-11-28T10:30:00+09:00';
    await expectProblem(
      await api.post('/api/v1/incidents', {
        name: '障害',
        body: '復旧済み',
        status: 'resolved',
        next_update_at: later,
      }),
      422,
      'next_update_at',
    );
    const open = await json(api.post('/api/v1/incidents', { name: '障害', body: '調査中' }));
    await expectProblem(
      await api.post(`/api/v1/incidents/${open.id}/updates`, {
        status: 'resolved',
        body: '復旧',
        next_update_at: later,
      }),
      422,
      'next_update_at',
    );
    expect((await json(api.get(`/api/v1/incidents/${open.id}`))).status).toBe('investigating');
  });

  it('refuses titles of only invisible characters and bidi controls in titles and bodies, naming the field', async () => {
    const api = apiFor(database());
    for (const invisible of ['\u200B', '\u200B\u200C\u200D\u2060', '\uFEFF', '\u3000\u200B', '\u00AD']) {
      await expectProblem(await api.post('/api/v1/incidents', { name: invisible, body: '調査中' }), 422, 'name');
      await expectProblem(await api.post('/api/v1/components', { name: invisible }), 422, 'name');
    }
    for (const control of ['\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068', '\u2069']) {
      await expectProblem(
        await api.post('/api/v1/incidents', { name: `障害${control}gnp.exe`, body: 'x' }),
        422,
        'name',
      );
      await expectProblem(
        await api.post('/api/v1/incidents', { name: '障害', body: `本文${control}txt` }),
        422,
        'body',
      );
    }
    expect(await countIncidents(api)).toBe(0);
    // A right-to-left mark is ordinary punctuation for Arabic or Hebrew text, and stays allowed.
    expect((await json(api.post('/api/v1/incidents', { name: 'שלום\u200F 障害', body: 'x' }))).name).toBe(
      'שלום\u200F 障害',
    );
  });

  it('answers unknown paths with 404 and wrong methods with 405 and an Allow header', async () => {
    const api = apiFor(database());
    await expectProblem(await api.get('/api/v1/nothing-here'), 404);
    const res = await api.send('DELETE', '/api/v1/incidents');
    await expectProblem(res, 405);
    expect(res.headers.get('allow')).toContain('POST');
  });
});
