import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createComponent } from '../../api/core/commands/components.ts';
import { loadSiteModel } from '../../api/core/queries/site-model.ts';
import { listAudit } from '../../api/operators/audit.ts';
import type { Database } from '../../db/client.ts';
import { apiFor } from '../support/api.ts';
import { createSignedIn, getPage, postForm, type SignedIn } from '../support/console.ts';
import { openTestDatabase } from '../support/db.ts';

const NOW = new Date('2026-11-28T10:00:00+09:00');

describe('the console’s incident pages', () => {
  let database: Database;
  let api: ReturnType<typeof apiFor>;
  let operator: SignedIn;
  let viewer: SignedIn;
  let billing: string;
  let orders: string;

  beforeAll(async () => {
    // A database of its own: the audit log is append-only, so no test can clear it for the next.
    database = await openTestDatabase('pglite');
    api = apiFor(database, { now: NOW });
    billing = (await createComponent({ db: database.db, now: NOW, input: { name: '請求書', name_en: 'Invoices' } })).id;
    orders = (await createComponent({ db: database.db, now: NOW, input: { name: '受発注' } })).id;
    operator = await createSignedIn({ app: api.app, db: database.db, now: NOW }, { role: 'operator' });
    viewer = await createSignedIn({ app: api.app, db: database.db, now: NOW }, { role: 'viewer' });
  });
  afterAll(() => database?.close());

  const incidents = async () => (await loadSiteModel({ db: database.db, now: NOW })).incidents;
  const audit = () => listAudit(database.db, { limit: 100 });
  const post = (who: SignedIn, path: string, fields: Record<string, string>) =>
    postForm(api.app, path, { _csrf: who.csrf, ...fields }, who.jar);
  const page = async (who: SignedIn, path: string) => {
    const res = await getPage(api.app, path, who.jar);
    return { status: res.status, text: await res.text() };
  };

  const form = (fields: Record<string, string> = {}) => ({
    intent: 'publish',
    name: '請求書の送信遅延',
    name_en: 'Invoice delivery delayed',
    status: 'investigating',
    impact: '',
    [`components.${billing}`]: 'partial_outage',
    [`components.${orders}`]: '',
    next_update_at: '2026-11-28T10:20',
    body: '送信処理が**遅延**しています。',
    body_en: 'Sending is delayed.',
    ...fields,
  });

  test('the new-incident form offers the next update the configured interval from now, in JST and labelled', async () => {
    const { status, text } = await page(operator, '/admin/incidents/new');
    expect(status).toBe(200);
    expect(text).toMatch(/<input name="next_update_at" type="datetime-local" value="2026-11-28T10:30"/);
    expect(text).toContain('日本時間（JST, UTC+9）');
    expect(text).toMatch(new RegExp(`<select name="components\\.${billing}"`));
  });

  test('posting the form publishes the incident, records who did it with the API’s view of it, and republishes', async () => {
    const changesBefore = api.changes.length;
    const res = await post(operator, '/admin/incidents/new', form());
    expect(res.status).toBe(303);
    const [created] = await incidents();
    expect(res.headers.get('Location')).toBe(`/admin/incidents/${created!.id}`);
    expect(created).toMatchObject({
      name: '請求書の送信遅延',
      nameEn: 'Invoice delivery delayed',
      status: 'investigating',
      impact: 'major',
      componentIds: [billing],
      nextUpdateAt: new Date('2026-11-28T01:20:00Z'),
    });
    expect(api.changes.slice(changesBefore)).toEqual([{ kind: 'incident', id: created!.id }]);
    const [row] = await audit();
    expect(row).toMatchObject({
      via: 'console',
      email: operator.email,
      action: 'console: create incident',
      targetType: 'incident',
      targetId: created!.id,
      before: null,
    });
    expect(row!.after).toMatchObject({
      id: created!.id,
      name: '請求書の送信遅延',
      next_update_at: '2026-11-28T10:20:00.000+09:00',
      components: [billing],
    });
    const shown = await page(operator, `/admin/incidents/${created!.id}`);
    expect(shown.text).toContain('障害を公開しました。');
    expect(shown.text).toContain('<strong>遅延</strong>');
  });

  test('bad input is shown beside each field with what was typed, and changes nothing', async () => {
    const [before, rows] = [(await incidents()).length, (await audit()).length];
    const res = await post(
      operator,
      '/admin/incidents/new',
      form({ name: '   ', next_update_at: '2026-11-31T10:00', body: '<b>残す</b>', [`components.${orders}`]: 'bogus' }),
    );
    expect(res.status).toBe(422);
    const text = await res.text();
    expect(text).toContain('class="error-summary"');
    expect(text).toContain('href="#f-next_update_at"');
    expect(text).toMatch(
      /<input name="next_update_at" type="datetime-local" value="2026-11-31T10:00" id="f-next_update_at" aria-invalid="true"/,
    );
    expect(text).toContain('&lt;b&gt;残す&lt;/b&gt;</textarea>');
    // The command itself refuses the rest: the time is checked first, and then core names its fields.
    const again = await post(
      operator,
      '/admin/incidents/new',
      form({ name: '   ', [`components.${orders}`]: 'bogus' }),
    );
    expect(again.status).toBe(422);
    const refused = await again.text();
    expect(refused).toContain('href="#f-name"');
    expect(refused).toContain(`href="#f-components-${orders}"`);
    expect(refused).toMatch(
      /<input name="name" type="text" value=" {3}" id="f-name" required aria-required="true" aria-invalid="true"/,
    );
    expect((await incidents()).length).toBe(before);
    expect((await audit()).length).toBe(rows);
  });

  // Templates: tests/integration/console-incident-form.test.ts.
  test('a preview fills the form and saves nothing', async () => {
    const [before, rows] = [(await incidents()).length, (await audit()).length];
    const res = await post(
      operator,
      '/admin/incidents/new',
      form({ intent: 'preview', name_en: '', body: '**太字**と<script>alert(1)</script>', body_en: '' }),
    );
    expect(res.status).toBe(200);
    const preview = await res.text();
    expect(preview).toContain('公開ページでの表示（まだ保存されていません）');
    // The public site's renderer: Markdown made HTML, raw HTML shown as text, never run.
    expect(preview).toContain('<strong>太字</strong>と&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(preview).not.toContain('<script>alert');
    // The English page falls back to the Japanese title and says so, as the public page does.
    expect(preview).toMatch(/<section class="preview" lang="en"[\s\S]*Japanese only/);
    expect(preview).toContain('value="請求書の送信遅延"');
    expect((await incidents()).length).toBe(before);
    expect((await audit()).length).toBe(rows);
  });

  test('the incident page posts an update, corrects the title and deletes with a reason, each recorded', async () => {
    // Two hours ahead: accepted, and said back as the API warns, since customers were promised 30 minutes.
    await post(
      operator,
      '/admin/incidents/new',
      form({ name: '試験', name_en: '', next_update_at: '2026-11-28T12:00' }),
    );
    const id = (await incidents()).find((i) => i.name === '試験')!.id;
    expect((await page(operator, `/admin/incidents/${id}`)).text).toContain('次回更新予定が 30 分より先です。');

    const update = await post(operator, `/admin/incidents/${id}/updates`, {
      status: 'resolved',
      impact: '',
      [`components.${billing}`]: 'operational',
      // As the form comes filled in: a resolving post promises nothing, so the time is not sent.
      next_update_at: '2026-11-28T10:30',
      body: '復旧しました。',
      body_en: '',
    });
    expect(update.status).toBe(303);
    expect((await incidents()).find((i) => i.id === id)!.status).toBe('resolved');
    const list = (await page(operator, '/admin/incidents')).text;
    const resolvedSection = list.slice(list.indexOf('id="resolved-heading"'));
    expect(resolvedSection).toContain(`href="/admin/incidents/${id}"`);
    expect(list.slice(0, list.indexOf('id="resolved-heading"'))).not.toContain(`href="/admin/incidents/${id}"`);

    const edit = await post(operator, `/admin/incidents/${id}/edit`, {
      name: '試験（訂正）',
      name_en: 'Test',
      reason: '誤字',
    });
    expect(edit.status).toBe(303);
    expect((await incidents()).find((i) => i.id === id)!.nameEn).toBe('Test');

    const noReason = await post(operator, `/admin/incidents/${id}/delete`, { delete_reason: ' ' });
    expect(noReason.status).toBe(422);
    expect(await noReason.text()).toContain('href="#f-delete_reason"');
    expect((await incidents()).some((i) => i.id === id)).toBe(true);

    const gone = await post(operator, `/admin/incidents/${id}/delete`, { delete_reason: '試験の投稿' });
    expect(gone.status).toBe(303);
    expect(gone.headers.get('Location')).toBe('/admin/incidents');
    expect((await incidents()).some((i) => i.id === id)).toBe(false);

    const rows = (await audit()).filter((r) => r.targetId === id);
    expect(rows.map((r) => r.action)).toEqual([
      'console: delete incident',
      'console: correct incident',
      'console: post incident update',
      'console: create incident',
    ]);
    expect(rows[0]).toMatchObject({ after: null, before: { id, name: '試験（訂正）' } });
    expect(rows[1]).toMatchObject({ before: { name_en: null }, after: { name_en: 'Test' } });
    expect(rows[2]).toMatchObject({ before: { status: 'investigating' }, after: { status: 'resolved' } });
  });

  test('an update’s text is corrected and an update posted by mistake deleted, each recorded; the first stays', async () => {
    await post(operator, '/admin/incidents/new', form({ name: '訂正の試験', name_en: '' }));
    const id = (await incidents()).find((i) => i.name === '訂正の試験')!.id;
    await post(operator, `/admin/incidents/${id}/updates`, {
      status: 'identified',
      [`components.${billing}`]: 'partial_outage',
      next_update_at: '',
      body: '原因を特定しました（誤）',
    });
    const [second, first] = (await incidents()).find((i) => i.id === id)!.updates;
    const shown = await page(operator, `/admin/incidents/${id}`);
    expect(shown.text).toContain(`href="/admin/incidents/${id}/updates/${second!.id}"`);

    const corrected = await post(operator, `/admin/incidents/${id}/updates/${first!.id}/edit`, {
      body: '送信処理が遅延しています（訂正）。',
      body_en: 'Sending is delayed.',
      reason: '誤字',
    });
    expect(corrected.status).toBe(303);
    const after = (await incidents()).find((i) => i.id === id)!;
    expect(after.updates.at(-1)!.body).toBe('送信処理が遅延しています（訂正）。');

    const firstPage = await page(operator, `/admin/incidents/${id}/updates/${first!.id}`);
    expect(firstPage.text).not.toContain(`action="/admin/incidents/${id}/updates/${first!.id}/delete"`);
    const refused = await post(operator, `/admin/incidents/${id}/updates/${first!.id}/delete`, {
      delete_reason: '誤り',
    });
    expect(refused.status).toBe(422);
    // Core's own refusal (the API's 409), named in the summary; nothing is deleted.
    expect(await refused.text()).toContain('class="error-summary"');
    expect((await incidents()).find((i) => i.id === id)!.updates).toHaveLength(2);

    const deleted = await post(operator, `/admin/incidents/${id}/updates/${second!.id}/delete`, {
      delete_reason: '誤って投稿',
    });
    expect(deleted.status).toBe(303);
    const left = (await incidents()).find((i) => i.id === id)!;
    expect(left.updates.map((u) => u.id)).toEqual([first!.id]);
    expect(left.status).toBe('investigating');

    const rows = (await audit()).filter((r) => r.targetId === id).map((r) => r.action);
    expect(rows.slice(0, 2)).toEqual(['console: delete incident update', 'console: correct incident update']);
  });

  test('a viewer reads the lists and pages without forms, and a viewer’s POST is refused', async () => {
    const list = await page(viewer, '/admin/incidents');
    expect(list.status).toBe(200);
    expect(list.text).toContain('請求書の送信遅延');
    expect(list.text).not.toContain('/admin/incidents/new');
    const id = (await incidents())[0]!.id;
    const one = await page(viewer, `/admin/incidents/${id}`);
    expect(one.status).toBe(200);
    expect(one.text).not.toContain(`action="/admin/incidents/${id}/updates"`);
    const components = await page(viewer, '/admin/components');
    expect(components.text).not.toContain('<select');

    const [before, rows] = [(await incidents()).length, (await audit()).length];
    for (const [path, fields] of [
      ['/admin/incidents/new', form()],
      [`/admin/incidents/${id}/delete`, { delete_reason: 'x' }],
      [`/admin/components/${billing}`, { [`status.${billing}`]: 'major_outage' }],
    ] as const) {
      const res = await post(viewer, path, fields);
      expect(res.status, path).toBe(403);
    }
    expect((await page(viewer, '/admin/incidents/new')).status).toBe(403);
    expect((await incidents()).length).toBe(before);
    expect((await audit()).length).toBe(rows);
  });

  test('a service’s status changes through the API’s command, recorded and republished', async () => {
    const changesBefore = api.changes.length;
    const res = await post(operator, `/admin/components/${orders}`, { [`status.${orders}`]: 'degraded_performance' });
    expect(res.status).toBe(303);
    const model = await loadSiteModel({ db: database.db, now: NOW });
    expect(model.components.find((c) => c.id === orders)!.manualStatus).toBe('degraded_performance');
    expect(api.changes.slice(changesBefore)).toEqual([{ kind: 'component', id: orders }]);
    const [row] = await audit();
    expect(row).toMatchObject({
      action: 'console: change component status',
      targetType: 'component',
      targetId: orders,
      before: { manual_status: 'operational' },
      after: { manual_status: 'degraded_performance', status: 'degraded_performance' },
    });
    const bad = await post(operator, `/admin/components/${orders}`, { [`status.${orders}`]: 'fine' });
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain(`href="#f-status-${orders}"`);
  });

  test('an incident whose promised update is late is marked on the list and listed as overdue', async () => {
    api.setNow(new Date('2026-11-28T10:45:00+09:00'));
    try {
      // Signed in afresh: 45 minutes on, the earlier sessions may be past their idle timeout.
      const onDuty = await createSignedIn({ app: api.app, db: database.db, now: NOW }, { role: 'operator' });
      const list = await page(onDuty, '/admin/incidents');
      // The first incident promised 10:20 JST: 25 minutes late.
      expect(list.text).toContain('期限超過 25 分');
      const overdue = await page(onDuty, '/en/admin/overdue');
      expect(overdue.text).toContain('Invoice delivery delayed');
      expect(overdue.text).toContain('25 min');
      expect(overdue.text).toContain('JST');
    } finally {
      api.setNow(NOW);
    }
  });
});
