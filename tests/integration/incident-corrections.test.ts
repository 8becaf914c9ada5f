import { beforeAll, expect, it } from 'vitest';
import { loadSiteModel } from '../../api/core/queries/site-model.ts';
import { createPublisher } from '../../api/publish/publisher.ts';
import { loadAstroRenderer } from '../../api/publish/renderer.ts';
import { FileStore } from '../../api/publish/store.ts';
import { siteContent } from '../../api/server/site-publisher.ts';
import { apiFor, json } from '../support/api.ts';
import { describeEachDatabase } from '../support/db.ts';
import { publishLimits, settingsFrom } from '../support/settings.ts';

// Needs the built site (scripts/test.sh runs `astro build` first).
const MORNING = new Date('2026-11-24T10:00:00+09:00');
const LATER = new Date('2026-11-24T10:20:00+09:00');
const EDIT_TIME = new Date('2026-11-24T10:40:00+09:00');

describeEachDatabase('correcting published incidents', ({ database }) => {
  let render: Awaited<ReturnType<typeof loadAstroRenderer>>;
  beforeAll(async () => {
    render = await loadAstroRenderer();
  });

  /** The API and the production publisher (pages and documents: feeds, /api/v2, calendars) on one clock. */
  async function setUp() {
    const api = apiFor(database(), { now: MORNING });
    const store = new FileStore();
    let now = MORNING;
    const publisher = createPublisher({
      limits: publishLimits,
      loadModel: (at) => loadSiteModel({ db: database().db, now: at }),
      render,
      store,
      now: () => now,
      ...siteContent(settingsFrom()),
    });
    const component = (await json(api.post('/api/v1/components', { name: '請求書', name_en: 'Invoices' })))
      .id as string;
    await publisher.publishAll();
    const text = (path: string) => store.peek(path)?.toString() ?? '';
    /** Every published file that answers 200 and contains `needle`. */
    const filesNaming = (needle: string) =>
      store
        .all()
        .filter((f) => f.status === 200 && store.peek(f.path)!.toString().includes(needle))
        .map((f) => f.path);
    return {
      api,
      component,
      text,
      filesNaming,
      store,
      setNow(at: Date) {
        now = at;
        api.setNow(at);
      },
      async published() {
        for (const change of api.changes.splice(0)) publisher.notify(change);
        await publisher.idle();
      },
    };
  }

  async function openIncident(site: Awaited<ReturnType<typeof setUp>>) {
    const incident = await json(
      site.api.post('/api/v1/incidents', {
        name: 'テスト障害のお知らせ',
        name_en: 'Test incident',
        body: '調査中です',
        components: { [site.component]: 'major_outage' },
      }),
    );
    await site.published();
    return incident as { id: string; updates: { id: string }[] };
  }

  it('a corrected title shows on the pages, feeds and /api/v2, and the history keeps the old title', async () => {
    const site = await setUp();
    const { id } = await openIncident(site);
    expect(site.filesNaming('テスト障害のお知らせ')).toContain('/api/v2/summary.json');
    site.setNow(EDIT_TIME);
    const res = await site.api.patch(`/api/v1/incidents/${id}`, {
      name: '請求書の送信遅延',
      impact: 'minor',
      reason: 'タイトルの誤記',
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ name: '請求書の送信遅延', name_en: 'Test incident', impact: 'minor' });
    await site.published();

    expect(site.filesNaming('テスト障害のお知らせ')).toEqual([]);
    const naming = site.filesNaming('請求書の送信遅延');
    for (const path of ['/', `/incidents/${id}/`, '/history/', '/api/v2/summary.json', '/api/v2/incidents.json'])
      expect(naming, `${path} shows the new title`).toContain(path);
    expect(
      naming.some((p) => /feed|atom|rss/.test(p)),
      `a feed among ${naming.join(' ')}`,
    ).toBe(true);

    const { edits } = await json(site.api.send('GET', `/api/v1/incidents/${id}/edits`));
    expect(edits).toEqual([
      {
        kind: 'incident_edited',
        update_id: null,
        at: '2026-11-24T10:40:00.000+09:00',
        by: 'operator',
        reason: 'タイトルの誤記',
        changes: {
          name: { old: 'テスト障害のお知らせ', new: '請求書の送信遅延' },
          impact: { old: 'critical', new: 'minor' },
        },
      },
    ]);
  });

  it('a corrected component map replaces the incident’s components and the current statuses', async () => {
    const site = await setUp();
    const other = (await json(site.api.post('/api/v1/components', { name: '受発注' }))).id as string;
    const { id } = await openIncident(site);
    const fixed = await json(
      site.api.patch(`/api/v1/incidents/${id}`, { components: { [other]: 'degraded_performance' } }),
    );
    expect(fixed.components).toEqual([other]);
    const statuses = await json(site.api.get('/api/v1/components'));
    expect(
      Object.fromEntries(statuses.components.map((c: { id: string; status: string }) => [c.id, c.status])),
    ).toEqual({ [site.component]: 'operational', [other]: 'degraded_performance' });
  });

  it('a corrected update text replaces the old one on the page, marked edited, and the old text stays in the history', async () => {
    const site = await setUp();
    const { id, updates } = await openIncident(site);
    site.setNow(EDIT_TIME);
    const fixed = await json(
      site.api.patch(`/api/v1/incidents/${id}/updates/${updates[0]!.id}`, { body: '送信処理が遅延しています' }),
    );
    expect(fixed.updates[0]).toMatchObject({
      body: '送信処理が遅延しています',
      edited_at: '2026-11-24T10:40:00.000+09:00',
    });
    await site.published();
    const page = site.text(`/incidents/${id}/`);
    expect(page).toContain('送信処理が遅延しています');
    expect(page).not.toContain('調査中です');
    expect(page).toMatch(/<time datetime="2026-11-24T10:40:00.000\+09:00"[^>]*>編集済み<\/time>/);
    expect(site.text(`/en/incidents/${id}/`)).toMatch(/>edited<\/time>/);
    const atom = site.text('/history.atom');
    expect(atom).toContain('送信処理が遅延しています');
    expect(atom).toContain('調査中（編集済み）');
    const entry = atom.slice(atom.indexOf('<entry>'));
    expect(entry, 'the entry counts as updated by the correction').toContain(
      '<updated>2026-11-24T01:40:00.000Z</updated>',
    );
    const { edits } = await json(site.api.send('GET', `/api/v1/incidents/${id}/edits`));
    expect(edits[0]).toMatchObject({
      kind: 'update_edited',
      update_id: updates[0]!.id,
      changes: { body: { old: '調査中です', new: '送信処理が遅延しています' } },
    });
  });

  it('deleting a later update brings back the status of the remaining latest one; the first update cannot be deleted', async () => {
    const site = await setUp();
    const { id, updates } = await openIncident(site);
    site.setNow(LATER);
    const resolved = await json(
      site.api.post(`/api/v1/incidents/${id}/updates`, {
        status: 'resolved',
        body: '誤って解決と投稿',
        components: { [site.component]: 'operational' },
      }),
    );
    await site.published();
    site.setNow(EDIT_TIME);
    const res = await site.api.send('DELETE', `/api/v1/incidents/${id}/updates/${resolved.updates[0].id}`, {
      reason: '別の障害への投稿',
    });
    expect(res.status).toBe(200);
    const after = await res.json();
    expect(after.status).toBe('investigating');
    expect(after.updates.map((u: { id: string }) => u.id)).toEqual([updates[0]!.id]);
    const statuses = await json(site.api.get('/api/v1/components'));
    expect(statuses.components[0].status).toBe('major_outage');
    await site.published();
    expect(site.filesNaming('誤って解決と投稿')).toEqual([]);

    const first = await site.api.send('DELETE', `/api/v1/incidents/${id}/updates/${updates[0]!.id}`, {
      reason: '消したい',
    });
    expect(first.status).toBe(409);
    const { edits } = await json(site.api.send('GET', `/api/v1/incidents/${id}/edits`));
    expect(edits).toHaveLength(1);
    expect(edits[0]).toMatchObject({
      kind: 'update_deleted',
      reason: '別の障害への投稿',
      changes: { status: { old: 'resolved', new: null }, body: { old: '誤って解決と投稿', new: null } },
    });
  });

  it('a deleted test incident disappears from every page, feed and /api/v2 document', async () => {
    const site = await setUp();
    const { id } = await openIncident(site);
    expect(site.filesNaming('テスト障害のお知らせ').length).toBeGreaterThan(3);
    site.setNow(EDIT_TIME);
    const res = await site.api.send('DELETE', `/api/v1/incidents/${id}`, { reason: '動作確認用の投稿' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ id, deleted_at: '2026-11-24T10:40:00.000+09:00' });
    await site.published();
    expect(site.filesNaming('テスト障害のお知らせ')).toEqual([]);
    expect(site.filesNaming('Test incident')).toEqual([]);
    expect(site.store.get(`/incidents/${id}/`)?.status).toBe(404);
    expect((await site.api.get(`/api/v1/incidents/${id}`)).status).toBe(404);
    const statuses = await json(site.api.get('/api/v1/components'));
    expect(statuses.components[0].status).toBe('operational');
  });

  it('the OpenAPI document describes each correction, its body and the conflict it may answer', async () => {
    const api = apiFor(database(), { now: MORNING });
    const { paths } = await json(api.get('/api/v1/openapi.json'));
    const op = (path: string, method: string) => paths[`/api/v1${path}`]?.[method];
    for (const [path, method] of [
      ['/incidents/{id}', 'patch'],
      ['/incidents/{id}', 'delete'],
      ['/incidents/{id}/updates/{updateId}', 'patch'],
      ['/incidents/{id}/updates/{updateId}', 'delete'],
      ['/notices/{id}', 'patch'],
      ['/notices/{id}/postpone', 'post'],
      ['/notices/{id}/withdraw', 'post'],
    ] as const) {
      expect(op(path, method)?.requestBody, `${method} ${path}`).toBeDefined();
      expect(op(path, method)?.responses['422'], `${method} ${path}`).toBeDefined();
    }
    expect(op('/incidents/{id}/updates/{updateId}', 'delete').responses['409']).toBeDefined();
    expect(op('/notices/{id}/withdraw', 'post').responses['409']).toBeDefined();
  });

  it('refuses a deletion without a reason and an empty correction with 422 naming the field, and unknown ids with 404', async () => {
    const site = await setUp();
    const { id, updates } = await openIncident(site);
    const problems: Array<[Response, string]> = [
      [await site.api.send('DELETE', `/api/v1/incidents/${id}`, {}), 'reason'],
      [await site.api.send('DELETE', `/api/v1/incidents/${id}`, { reason: '  ' }), 'reason'],
      [await site.api.patch(`/api/v1/incidents/${id}`, {}), '(body)'],
      [await site.api.patch(`/api/v1/incidents/${id}`, { name: '' }), 'name'],
      [await site.api.patch(`/api/v1/incidents/${id}`, { impact: 'huge' }), 'impact'],
      [
        await site.api.patch(`/api/v1/incidents/${id}`, { components: { nosuchcomponent: 'major_outage' } }),
        'components.nosuchcomponent',
      ],
      [await site.api.patch(`/api/v1/incidents/${id}/updates/${updates[0]!.id}`, { body: '' }), 'body'],
      [await site.api.send('DELETE', `/api/v1/incidents/${id}/updates/${updates[0]!.id}`, {}), 'reason'],
    ];
    for (const [res, field] of problems) {
      expect(res.status, field).toBe(422);
      const body = await res.json();
      expect(
        body.errors.map((e: { field: string }) => e.field),
        JSON.stringify(body),
      ).toContain(field);
    }
    for (const res of [
      await site.api.patch('/api/v1/incidents/nosuchincident', { name: 'x' }),
      await site.api.send('DELETE', '/api/v1/incidents/nosuchincident', { reason: 'x' }),
      await site.api.patch(`/api/v1/incidents/${id}/updates/nosuchupdate`, { body: 'x' }),
      await site.api.send('DELETE', `/api/v1/incidents/${id}/updates/nosuchupdate`, { reason: 'x' }),
    ])
      expect(res.status).toBe(404);
    expect(site.api.changes).toEqual([]);
  });
});
