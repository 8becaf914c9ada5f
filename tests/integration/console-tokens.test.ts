import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { apiFor } from '../support/api.ts';
import { createSignedIn, getPage, postForm, type SignedIn } from '../support/console.ts';
import type { Database } from '../../db/client.ts';
import { openTestDatabase } from '../support/db.ts';

const TOKEN = /shirase_[A-Za-z0-9_-]{43}/g;

describe('the console’s API tokens page', () => {
  let database: Database;
  let api: ReturnType<typeof apiFor>;
  let admin: SignedIn;
  let operator: SignedIn;
  let viewer: SignedIn;
  beforeAll(async () => {
    database = await openTestDatabase('pglite');
    api = apiFor(database);
    const target = { app: api.app, db: database.db };
    admin = await createSignedIn(target, { role: 'admin' });
    operator = await createSignedIn(target, { role: 'operator' });
    viewer = await createSignedIn(target, { role: 'viewer' });
  });
  afterAll(() => database?.close());

  const create = (who: SignedIn, fields: Record<string, string | string[]>) =>
    postForm(api.app, '/admin/tokens', { _csrf: who.csrf, ...fields }, who.jar);

  test('a new token is shown once, on the answer to its form, and never again; the list shows its prefix only', async () => {
    const res = await create(operator, { label: '監視スクリプト', scopes: ['read', 'incidents'], expires_days: '30' });
    expect(res.status).toBe(201);
    const answer = await res.text();
    const shown = answer.match(TOKEN) ?? [];
    expect(shown).toHaveLength(1);
    expect(answer).toContain('このトークンが表示されるのは今回だけです');
    const token = shown[0]!;

    const list = await (await getPage(api.app, '/admin/tokens', operator.jar)).text();
    expect(list).not.toContain(token);
    expect(list).not.toMatch(TOKEN);
    expect(list).toContain(`${token.slice(0, 12)}…`);
    expect(list).toContain('監視スクリプト');
    expect(list).toContain('read, incidents');
    expect(list).toContain('2026年12月28日'); // 30 days after the pinned now, in JST
  });

  test('the scopes offered are the role’s: a viewer gets read alone, and a scope beyond the role is refused naming the field', async () => {
    const page = await (await getPage(api.app, '/admin/tokens', viewer.jar)).text();
    const offered = [...page.matchAll(/name="scopes" value="(\w+)"/g)].map((m) => m[1]);
    expect(offered).toEqual(['read']);
    const res = await create(viewer, { scopes: ['read', 'incidents'], expires_days: '' });
    expect(res.status).toBe(422);
    const refused = await res.text();
    expect(refused).toContain('class="error-summary"');
    expect(refused).toContain('href="#f-scopes"');
    expect(refused).not.toMatch(TOKEN);
    // A value no checkbox offers is refused at the same place.
    const unknown = await create(operator, { scopes: ['nonsense'] });
    expect(unknown.status).toBe(422);
    expect(await unknown.text()).toContain('href="#f-scopes"');
  });

  test('no scope ticked, or days that are not a number, answer 422 with the form kept and nothing issued', async () => {
    const res = await create(operator, { label: 'kept label', expires_days: 'soon' });
    expect(res.status).toBe(422);
    const page = await res.text();
    expect(page).toContain('権限を1つ以上選んでください。');
    expect(page).toContain('有効期間は日数を整数で入力してください。');
    expect(page).toContain('value="kept label"');
    expect(page).toContain('aria-invalid="true"');
  });

  test('revoking asks first, then shows the token revoked, and the token fails with 401 on its next API request', async () => {
    const answer = await (await create(operator, { label: 'to revoke', scopes: ['read'], expires_days: '7' })).text();
    const token = answer.match(TOKEN)![0]!;
    const authorised = { headers: { Authorization: `Bearer ${token}` } };
    expect((await api.app.request('/api/v1/incidents/overdue', authorised)).status).toBe(200);

    const list = await (await getPage(api.app, '/admin/tokens', operator.jar)).text();
    const link = /href="(\/admin\/tokens\/([^/"]+)\/revoke)" aria-label="[^"]*to revoke/.exec(list)!;
    const confirm = await getPage(api.app, link[1]!, operator.jar);
    expect(confirm.status).toBe(200);
    expect(await confirm.text()).toContain('トークンを無効にしますか');
    // Asking changes nothing: the token still works.
    expect((await api.app.request('/api/v1/incidents/overdue', authorised)).status).toBe(200);

    const done = await postForm(api.app, link[1]!, { _csrf: operator.csrf }, operator.jar);
    expect(done.status).toBe(303);
    expect(done.headers.get('Location')).toBe('/admin/tokens');
    const after = await (await getPage(api.app, '/admin/tokens', operator.jar)).text();
    expect(after).toContain(`トークン ${token.slice(0, 12)}… を無効にしました。`);
    expect(after).toMatch(/無効化済み（2026年11月28日 10:00 日本時間）/);
    expect(after).not.toContain(`href="/admin/tokens/${link[2]}/revoke"`);

    expect((await api.app.request('/api/v1/incidents/overdue', authorised)).status).toBe(401);
  });

  test('an admin sees everyone’s tokens and may revoke any; another operator cannot revoke one not theirs', async () => {
    const answer = await (await create(operator, { label: 'operator’s own', scopes: ['read'] })).text();
    const token = answer.match(TOKEN)![0]!;
    const adminView = await (await getPage(api.app, '/admin/tokens', admin.jar)).text();
    expect(adminView).toContain('すべてのオペレーターのトークン');
    expect(adminView).toContain(operator.email);
    const id = /href="\/admin\/tokens\/([^/"]+)\/revoke" aria-label="[^"]*operator’s own/.exec(adminView)![1]!;

    const byViewer = await postForm(api.app, `/admin/tokens/${id}/revoke`, { _csrf: viewer.csrf }, viewer.jar);
    expect(byViewer.status).toBe(404);
    expect(
      (await api.app.request('/api/v1/incidents/overdue', { headers: { Authorization: `Bearer ${token}` } })).status,
    ).toBe(200);
    expect((await getPage(api.app, '/admin/tokens', viewer.jar)).status).toBe(200);
    expect(await (await getPage(api.app, '/admin/tokens', viewer.jar)).text()).not.toContain(operator.email);

    const byAdmin = await postForm(api.app, `/admin/tokens/${id}/revoke`, { _csrf: admin.csrf }, admin.jar);
    expect(byAdmin.status).toBe(303);
    expect(
      (await api.app.request('/api/v1/incidents/overdue', { headers: { Authorization: `Bearer ${token}` } })).status,
    ).toBe(401);
  });

  test('the English console says the same in English', async () => {
    const res = await postForm(api.app, '/en/admin/tokens', { _csrf: admin.csrf, scopes: ['admin'] }, admin.jar);
    expect(res.status).toBe(201);
    const page = await res.text();
    expect(page).toContain('This token is shown only this once.');
    expect(page).toContain('<html lang="en">');
  });
});
