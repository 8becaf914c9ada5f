import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { apiFor } from '../support/api.ts';
import { createSignedIn, getPage, postForm, type SignedIn, signIn } from '../support/console.ts';
import type { Database } from '../../db/client.ts';
import { openTestDatabase } from '../support/db.ts';

const HOSTILE = '<script>alert(1)</script>"><img src=x onerror=alert(2)>';

describe('the console’s operators page', () => {
  let database: Database;
  let api: ReturnType<typeof apiFor>;
  let admin: SignedIn;
  beforeAll(async () => {
    database = await openTestDatabase('pglite');
    api = apiFor(database);
    admin = await createSignedIn({ app: api.app, db: database.db }, { role: 'admin', name: '管理 太郎' });
  });
  afterAll(() => database?.close());

  const add = (fields: Record<string, string>) =>
    postForm(api.app, '/admin/operators', { _csrf: admin.csrf, ...fields }, admin.jar);
  const rowOf = (page: string, email: string) => {
    const row = page.split('<tr>').find((r) => r.includes(`<th scope="row">${email}`));
    if (!row) throw new Error(`no row for ${email}`);
    return row;
  };

  test('a viewer and an operator cannot open the page nor post to it (403, nothing created)', async () => {
    for (const role of ['viewer', 'operator'] as const) {
      const who = await createSignedIn({ app: api.app, db: database.db }, { role });
      expect((await getPage(api.app, '/admin/operators', who.jar)).status).toBe(403);
      const res = await postForm(
        api.app,
        '/admin/operators',
        { _csrf: who.csrf, email: `sneaky-${role}@example.jp`, role: 'admin', password: 'a long enough passphrase 1' },
        who.jar,
      );
      expect(res.status).toBe(403);
      // The menu does not offer it either.
      expect(await (await getPage(api.app, '/admin/', who.jar)).text()).not.toContain('href="/admin/operators"');
    }
    const list = await (await getPage(api.app, '/admin/operators', admin.jar)).text();
    expect(list).not.toContain('sneaky-');
  });

  test('an admin adds an operator with a typed password, who can then sign in; the list shows email, name, role and state', async () => {
    const res = await add({
      email: 'Hanako@Example.jp',
      name: '山田 花子',
      role: 'operator',
      password: 'ippan-no pasuwado 42',
    });
    expect(res.status).toBe(303);
    expect(res.headers.get('Location')).toBe('/admin/operators');
    const page = await (await getPage(api.app, '/admin/operators', admin.jar)).text();
    expect(page).toContain('hanako@example.jp を追加しました。');
    const row = rowOf(page, 'hanako@example.jp');
    expect(row).toContain('山田 花子');
    expect(row).toMatch(/<option value="operator" selected>運用担当<\/option>/);
    expect(row).toContain('有効');
    expect(row).toContain('なし'); // never signed in
    const signedIn = await signIn(api.app, { email: 'hanako@example.jp', password: 'ippan-no pasuwado 42' });
    expect(signedIn.csrf).not.toBe('');
    const after = rowOf(await (await getPage(api.app, '/admin/operators', admin.jar)).text(), 'hanako@example.jp');
    expect(after).toContain('2026年11月28日 10:00 日本時間');
  });

  test('a weak password, a bad email and a taken email are refused next to their fields, the password never sent back', async () => {
    const weak = await add({ email: 'weak@example.jp', role: 'viewer', password: 'short' });
    expect(weak.status).toBe(422);
    const page = await weak.text();
    expect(page).toContain('href="#f-password"');
    expect(page).toMatch(/id="f-password"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*id="f-password"/);
    expect(page).toContain('value="weak@example.jp"');
    expect(page).not.toContain('value="short"');

    const bad = await add({ email: 'not an email', role: 'viewer' });
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain('href="#f-email"');

    await add({ email: 'taken@example.jp', role: 'viewer' });
    const taken = await add({ email: 'TAKEN@example.jp', role: 'viewer' });
    expect(taken.status).toBe(422);
    expect(await taken.text()).toContain('href="#f-email"');
  });

  test('an operator created without a password shows as tokens-only', async () => {
    expect((await add({ email: 'robot@example.jp', role: 'operator' })).status).toBe(303);
    const row = rowOf(await (await getPage(api.app, '/admin/operators', admin.jar)).text(), 'robot@example.jp');
    expect(row).toContain('パスワードなし（APIトークンのみ）');
  });

  test('changing a role, disabling and enabling take effect; disabling signs the person out at their next request', async () => {
    await add({ email: 'mover@example.jp', role: 'viewer', password: 'moving around 12345' });
    const mover = await signIn(api.app, { email: 'mover@example.jp', password: 'moving around 12345' });
    const page = await (await getPage(api.app, '/admin/operators', admin.jar)).text();
    const id = /action="\/admin\/operators\/([^/"]+)\/role"/.exec(rowOf(page, 'mover@example.jp'))![1]!;

    const role = await postForm(
      api.app,
      `/admin/operators/${id}/role`,
      { _csrf: admin.csrf, role: 'operator' },
      admin.jar,
    );
    expect(role.status).toBe(303);
    const afterRole = await (await getPage(api.app, '/admin/operators', admin.jar)).text();
    expect(afterRole).toContain('mover@example.jp の役割を「運用担当」にしました。');

    expect((await getPage(api.app, '/admin/', mover.jar)).status).toBe(200);
    const disable = await postForm(api.app, `/admin/operators/${id}/disable`, { _csrf: admin.csrf }, admin.jar);
    expect(disable.status).toBe(303);
    const afterDisable = rowOf(
      await (await getPage(api.app, '/admin/operators', admin.jar)).text(),
      'mover@example.jp',
    );
    expect(afterDisable).toContain('停止中（2026年11月28日 10:00 日本時間から）');
    expect(afterDisable).toContain(`action="/admin/operators/${id}/enable"`);
    const signedOut = await getPage(api.app, '/admin/', mover.jar);
    expect(signedOut.status).toBe(303);
    expect(signedOut.headers.get('Location')).toMatch(/^\/admin\/login/);

    expect((await postForm(api.app, `/admin/operators/${id}/enable`, { _csrf: admin.csrf }, admin.jar)).status).toBe(
      303,
    );
    const enabled = rowOf(await (await getPage(api.app, '/admin/operators', admin.jar)).text(), 'mover@example.jp');
    expect(enabled).toContain('有効');
    expect(enabled).toContain(`action="/admin/operators/${id}/disable"`);
  });

  test('the last enabled admin cannot demote or disable themselves: refused with the reason, nothing changed', async () => {
    const res = await postForm(
      api.app,
      `/admin/operators/${admin.operatorId}/disable`,
      { _csrf: admin.csrf },
      admin.jar,
    );
    expect(res.status).toBe(409);
    expect(await res.text()).toContain('class="error-summary"');
    const row = rowOf(await (await getPage(api.app, '/admin/operators', admin.jar)).text(), admin.email);
    expect(row).toContain('有効');
    expect(row).toContain('（あなた）');
  });

  test('hostile text in a name shows as text, never as markup', async () => {
    expect((await add({ email: 'hostile@example.jp', name: HOSTILE, role: 'viewer' })).status).toBe(303);
    const page = await (await getPage(api.app, '/admin/operators', admin.jar)).text();
    expect(page).not.toContain('<script>alert(1)');
    expect(page).not.toContain('<img src=x');
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;&lt;img src=x onerror=alert(2)&gt;');
  });
});
