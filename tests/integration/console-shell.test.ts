import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { safeNext } from '../../api/console/security.ts';
import { doorOf } from '../../api/server/static.ts';
import { apiFor } from '../support/api.ts';
import { CookieJar, createSignedIn, getPage, postForm } from '../support/console.ts';
import type { Database } from '../../db/client.ts';
import { openTestDatabase } from '../support/db.ts';

test('the console’s addresses go to the backend, and only those: /ADMIN, //admin and /%61dmin stay static', () => {
  for (const url of [
    '/admin',
    '/admin/',
    '/admin/login',
    '/admin?x=1',
    '/en/admin',
    '/en/admin/',
    '/en/admin/account',
    '/en/admin?x',
  ])
    expect(doorOf(url, null), url).toBe('api');
  for (const url of [
    '/ADMIN',
    '//admin',
    '/%61dmin',
    '/admins',
    '/administrator/',
    '/en/admins',
    '/EN/admin',
    '/en//admin',
    '/x/admin',
  ])
    expect(doorOf(url, null), url).toBe('static');
});

test('a sign-in only ever sends the person on to a path under the console’s own base', () => {
  for (const bad of [
    '//evil.example/',
    '/\\evil.example',
    'https://evil.example/admin/',
    '/admin/../evil',
    '/admin/%2e%2e/x',
    '/admin\\@evil.example',
    '/admin/%0d%0aSet-Cookie:x',
    '/en/admin/x',
    '/adminx',
    'javascript:alert(1)',
    '',
  ])
    expect(safeNext(bad, '/admin'), bad).toBeNull();
  expect(safeNext('/admin/incidents?page=2', '/admin')).toBe('/admin/incidents?page=2');
  expect(safeNext('/en/admin/account', '/en/admin')).toBe('/en/admin/account');
});

describe('the console’s shell', () => {
  let database: Database;
  let api: ReturnType<typeof apiFor>;
  beforeAll(async () => {
    database = await openTestDatabase('pglite');
    api = apiFor(database);
  });
  afterAll(() => database?.close());

  test('/admin/ and /admin when not signed in send to the sign-in page (303), keeping the wanted path', async () => {
    const res = await api.app.request('/admin/');
    expect(res.status).toBe(303);
    expect(res.headers.get('Location')).toBe('/admin/login?next=%2Fadmin%2F');
    const bare = await api.app.request('/en/admin');
    expect(bare.status).toBe(303);
    expect(bare.headers.get('Location')).toBe('/en/admin/login?next=%2Fen%2Fadmin%2F');
    const deep = await api.app.request('/en/admin/account?tab=1');
    expect(deep.headers.get('Location')).toBe('/en/admin/login?next=%2Fen%2Fadmin%2Faccount%3Ftab%3D1');
  });

  test('every console answer is no-store with a nonce CSP and no inline styles or scripts allowed', async () => {
    const res = await api.app.request('/admin/login');
    expect(res.status).toBe(200);
    const csp = res.headers.get('Content-Security-Policy')!;
    expect(csp).toMatch(
      /^default-src 'none'; script-src 'nonce-[A-Za-z0-9+/=]{20,}' 'strict-dynamic'; style-src 'self';/,
    );
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(res.headers.get('Cache-Control')).toBe('no-store');
    expect(res.headers.get('X-Content-Type-Options')).toBe('nosniff');
    expect(res.headers.get('Referrer-Policy')).toBe('no-referrer');
    const page = await res.text();
    expect(page).toContain('<html lang="ja">');
    expect(page).not.toMatch(/style=|<script/);
    const redirect = await api.app.request('/admin/');
    expect(redirect.headers.get('Cache-Control')).toBe('no-store');
    const other = await api.app.request('/admin/login');
    expect(other.headers.get('Content-Security-Policy')).not.toBe(csp);
  });

  test('the stylesheet is served under the base, cached by its content hash, and answers 304 to its ETag', async () => {
    const page = await (await api.app.request('/en/admin/login')).text();
    const href = /<link rel="stylesheet" href="([^"]+)"/.exec(page)![1]!;
    expect(href).toMatch(/^\/admin\/assets\/console\.css\?v=[\w-]{16}$/);
    const css = await api.app.request(href);
    expect(css.status).toBe(200);
    expect(css.headers.get('Content-Type')).toBe('text/css; charset=utf-8');
    expect(css.headers.get('Cache-Control')).toContain('immutable');
    const again = await api.app.request(href, { headers: { 'If-None-Match': css.headers.get('ETag')! } });
    expect(again.status).toBe(304);
  });

  test('a signed-in person sees the layout: their name, the language switch to the same page, and a sign-out form', async () => {
    const me = await createSignedIn({ app: api.app, db: database.db }, { role: 'operator', name: '山田 花子' });
    const res = await getPage(api.app, '/admin/account', me.jar);
    expect(res.status).toBe(200);
    const page = await res.text();
    expect(page).toContain('山田 花子');
    expect(page).toContain('href="/en/admin/account"');
    expect(page).toMatch(
      /<form method="post" action="\/admin\/logout"><input type="hidden" name="_csrf" value="[^"]+">/,
    );
    expect(page).toContain('<a class="skip" href="#main">');
    const bare = await getPage(api.app, '/admin', me.jar);
    expect([bare.status, bare.headers.get('Location')]).toEqual([308, '/admin/']);
    const missing = await getPage(api.app, '/admin/no-such-page', me.jar);
    expect(missing.status).toBe(404);
  });

  test('a form body over 64 KiB is refused with 413 before any handler reads it', async () => {
    const me = await createSignedIn({ app: api.app, db: database.db }, { role: 'viewer' });
    const res = await postForm(
      api.app,
      '/admin/account/password',
      { _csrf: me.csrf, current: 'x'.repeat(70_000) },
      me.jar,
    );
    expect(res.status).toBe(413);
    expect(res.headers.get('Cache-Control')).toBe('no-store');
  });

  test('the session cookie is __Host-, Secure, HttpOnly, SameSite=Strict, Path=/, with no Domain', async () => {
    const me = await createSignedIn({ app: api.app, db: database.db }, { role: 'viewer' });
    expect(me.jar.cookies.get('__Host-shirase_session')).toMatch(/^[\w-]{43}$/);
    const jar = new CookieJar();
    const form = await getPage(api.app, '/admin/login', jar);
    const token = /name="_csrf" value="([^"]+)"/.exec(await form.text())![1]!;
    const res = await postForm(api.app, '/admin/login', { _csrf: token, email: me.email, password: me.password }, jar);
    const line = res.headers.getSetCookie().find((l) => l.startsWith('__Host-shirase_session='))!;
    expect(line.split(/;\s*/).slice(1).sort()).toEqual(['HttpOnly', 'Path=/', 'SameSite=Strict', 'Secure']);
  });
});
