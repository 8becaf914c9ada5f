import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createComponent } from '../../api/core/commands/components.ts';
import { loadSiteModel } from '../../api/core/queries/site-model.ts';
import { listAudit } from '../../api/operators/audit.ts';
import type { Database } from '../../db/client.ts';
import { apiFor } from '../support/api.ts';
import { createSignedIn, getPage, postForm, type SignedIn } from '../support/console.ts';
import { openTestDatabase } from '../support/db.ts';

const NOW = new Date('2026-11-28T10:00:00+09:00');

/** The new-incident form's templates and its "detected at" time; the incident page's update form's templates. */
describe('the console’s incident forms keep what was typed', () => {
  let database: Database;
  let api: ReturnType<typeof apiFor>;
  let operator: SignedIn;
  let billing: string;

  beforeAll(async () => {
    // A database of its own: the audit log is append-only.
    database = await openTestDatabase('pglite');
    api = apiFor(database, { now: NOW });
    billing = (await createComponent({ db: database.db, now: NOW, input: { name: '請求書', name_en: 'Invoices' } })).id;
    operator = await createSignedIn({ app: api.app, db: database.db, now: NOW }, { role: 'operator' });
  });
  afterAll(() => database?.close());

  const incidents = async () => (await loadSiteModel({ db: database.db, now: NOW })).incidents;
  const saved = async () => ({
    incidents: (await incidents()).length,
    audit: (await listAudit(database.db, { limit: 100 })).length,
  });
  const post = (path: string, fields: Record<string, string>) =>
    postForm(api.app, path, { _csrf: operator.csrf, ...fields }, operator.jar);
  const typed = (fields: Record<string, string> = {}) => ({
    name: '請求書の送信遅延',
    name_en: 'Invoice delivery delayed',
    status: 'investigating',
    impact: 'minor',
    [`components.${billing}`]: 'partial_outage',
    next_update_at: '2026-11-28T10:50',
    detected_at: '2026-11-28T09:40',
    body: '入力中の本文',
    body_en: '',
    ...fields,
  });

  test('a template is a button of the form: it fills in the texts and status, keeps everything else typed, and saves nothing', async () => {
    const form = await (await getPage(api.app, '/admin/incidents/new', operator.jar)).text();
    expect(form).toMatch(
      /<button type="submit" class="secondary" form="incident-form" name="template" value="identified">/,
    );
    expect(form).not.toContain('?template=');
    const before = await saved();

    const res = await post('/admin/incidents/new', typed({ template: 'identified' }));
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toContain('rows="6">原因を特定し、復旧作業を行っています。');
    expect(text).toContain('rows="6">We have identified the cause and are working on a fix.');
    expect(text).not.toContain('入力中の本文');
    expect(text).toMatch(/<option value="identified" selected>/);
    expect(text).toContain('value="請求書の送信遅延"');
    expect(text).toContain('value="Invoice delivery delayed"');
    expect(text).toMatch(/<option value="minor" selected>/);
    expect(text).toMatch(/<option value="partial_outage" selected>/);
    expect(text).toMatch(/<input name="next_update_at" type="datetime-local" value="2026-11-28T10:50"/);
    expect(text).toMatch(/<input name="detected_at" type="datetime-local" value="2026-11-28T09:40"/);
    expect(text).not.toContain('class="error-summary"');
    expect(await saved()).toEqual(before);
  });

  test('the time the problem was detected (JST) is saved; a future or malformed one is refused at the field', async () => {
    const before = await saved();
    for (const [detected, message] of [
      ['2026-11-28T10:01', '未来'],
      ['2026-11-28T25:00', '日時を「年-月-日 時:分」の形で入力してください'],
    ] as const) {
      const res = await post('/admin/incidents/new', typed({ intent: 'publish', detected_at: detected }));
      expect(res.status, detected).toBe(422);
      const text = await res.text();
      expect(text).toContain('href="#f-detected_at"');
      expect(text).toMatch(
        new RegExp(
          `<input name="detected_at" type="datetime-local" value="${detected}" id="f-detected_at" aria-invalid="true" aria-describedby="f-detected_at-hint f-detected_at-error"`,
        ),
      );
      expect(text).toMatch(new RegExp(`<p class="error" id="f-detected_at-error">[^<]*${message}`));
    }
    // The preview refuses what publishing would.
    const preview = await post('/admin/incidents/new', typed({ intent: 'preview', detected_at: '2026-11-28T10:01' }));
    expect(preview.status).toBe(422);
    expect(await preview.text()).toContain('href="#f-detected_at"');
    expect(await saved()).toEqual(before);

    const res = await post('/admin/incidents/new', typed({ intent: 'publish', detected_at: '2026-11-28T09:15' }));
    expect(res.status).toBe(303);
    const [created] = await incidents();
    expect(created!.detectedAt).toEqual(new Date('2026-11-28T00:15:00Z'));
    const [row] = await listAudit(database.db, { limit: 1 });
    expect(row!.after).toMatchObject({ id: created!.id });
  });

  test('a template on the incident page’s update form keeps the typed promise and posts nothing', async () => {
    const [incident] = await incidents();
    const path = `/admin/incidents/${incident!.id}`;
    const page = await (await getPage(api.app, path, operator.jar)).text();
    expect(page).toContain(`form="post-form" name="template" value="monitoring" formaction="${path}/updates#post"`);
    const res = await post(`${path}/updates`, {
      template: 'monitoring',
      status: 'identified',
      [`components.${billing}`]: 'operational',
      next_update_at: '2026-11-28T11:15',
      body: '消える本文',
      body_en: '',
    });
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toMatch(/<option value="monitoring" selected>/);
    expect(text).toMatch(/<option value="operational" selected>/);
    expect(text).toMatch(/<input name="next_update_at" type="datetime-local" value="2026-11-28T11:15"/);
    expect(text).not.toContain('消える本文');
    expect((await incidents())[0]!.updates).toHaveLength(incident!.updates.length);
  });
});
