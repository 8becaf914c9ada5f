import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { recordAudit } from '../../api/operators/audit.ts';
import { apiFor } from '../support/api.ts';
import {
  CookieJar,
  createSignedIn,
  csrfIn,
  fromAddress,
  getPage,
  postForm,
  type SignedIn,
} from '../support/console.ts';
import type { Database } from '../../db/client.ts';
import { openTestDatabase } from '../support/db.ts';

const HOSTILE = '<script>alert(1)</script><img src=x onerror=alert(2)>';
const CHROME_WINDOWS =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
const NOW = new Date('2026-11-28T10:00:00+09:00');

describe('the console’s audit log and login history', () => {
  let database: Database;
  let api: ReturnType<typeof apiFor>;
  let admin: SignedIn;
  let operator: SignedIn;
  let viewer: SignedIn;

  /** A sign-in attempt through the real form, from `ip` with `userAgent`: what a browser there would send. */
  async function attempt(email: string, password: string, ip: string, userAgent: string) {
    const jar = new CookieJar();
    const env = fromAddress(ip);
    const form = await getPage(api.app, '/admin/login', jar, env);
    return postForm(api.app, '/admin/login', { _csrf: csrfIn(await form.text()), email, password }, jar, {
      env,
      headers: { 'User-Agent': userAgent },
    });
  }

  beforeAll(async () => {
    database = await openTestDatabase('pglite');
    api = apiFor(database, { now: NOW });
    const target = { app: api.app, db: database.db };
    admin = await createSignedIn(target, { role: 'admin' });
    operator = await createSignedIn(target, { role: 'operator' });
    viewer = await createSignedIn(target, { role: 'viewer' });
    // Made in the console from a known address: the audit row names the admin, the console and the address.
    const made = await postForm(
      api.app,
      '/admin/operators',
      { _csrf: admin.csrf, email: 'new-person@example.jp', name: HOSTILE, role: 'viewer' },
      admin.jar,
      { env: fromAddress('203.0.113.7') },
    );
    expect(made.status).toBe(303);
  });
  afterAll(() => database?.close());

  const auditPage = async (who: SignedIn, query = '') => {
    const res = await getPage(api.app, `/admin/audit${query}`, who.jar);
    expect(res.status).toBe(200);
    return res.text();
  };
  const body = (page: string) => page.split('<tbody>')[1]?.split('</tbody>')[0] ?? '';
  /** The audit log's entries: each its row and the full-width row of its change under it. */
  const rows = (page: string) => body(page).split('<tr>').slice(1);
  /** The login history's attempts, one row each. */
  const attempts = (page: string) =>
    body(page)
      .split(/<tr[ >]/)
      .slice(1);

  test('the audit log shows the newest first: who, when in JST, through what, from where, the action and target', async () => {
    const page = await auditPage(admin);
    const [newest] = rows(page);
    expect(newest).toContain(admin.email);
    expect(newest).toContain('2026年11月28日 10:00 日本時間');
    expect(newest).toContain('コンソール');
    expect(newest).toContain('203.0.113.7');
    expect(newest).toContain('<code>console: operator create</code>');
    expect(newest).toMatch(/operator <code>[^<]+<\/code>/);
    // The rows the sign-up helper made through the core come after it, with no address.
    expect(rows(page).length).toBeGreaterThanOrEqual(4);
    expect(rows(page).at(-1)).toContain('cli:test');
  });

  test('before and after are readable JSON in a disclosure, hostile text in them escaped', async () => {
    const [newest] = rows(await auditPage(admin));
    expect(newest).toMatch(/<details><summary>変更前と変更後<\/summary>/);
    expect(newest).toContain('&quot;email&quot;: &quot;new-person@example.jp&quot;');
    expect(newest).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(newest).not.toContain('<script>');
    expect(newest).not.toContain('<img src=x');
  });

  test('filters: by the operator’s email, by an action’s beginning, by target type; an unknown email says so', async () => {
    const byAdmin = rows(await auditPage(admin, `?email=${encodeURIComponent(admin.email.toUpperCase())}`));
    expect(byAdmin).toHaveLength(1);
    expect(byAdmin[0]).toContain('console: operator create');

    const byAction = rows(await auditPage(admin, '?action=cli%3A+operator'));
    expect(byAction).toHaveLength(3);
    for (const r of byAction) expect(r).toContain('cli: operator create');

    await recordAudit(database.db, {
      at: NOW,
      actor: { id: operator.operatorId, email: operator.email },
      via: 'api',
      ip: '198.51.100.2',
      action: 'POST /api/v1/incidents',
      targetType: 'incident',
      targetId: 'inc1',
      after: { name: 'x' },
    });
    const byTarget = rows(await auditPage(admin, '?target=incident'));
    expect(byTarget).toHaveLength(1);
    expect(byTarget[0]).toContain('POST /api/v1/incidents');
    expect(byTarget[0]).toContain('198.51.100.2');

    const unknown = await auditPage(admin, '?email=nobody%40example.jp');
    expect(unknown).toContain('そのメールアドレスのオペレーターはいません。');
    expect(rows(unknown)).toHaveLength(0);
  });

  test('pages of 50 by cursor: the older link keeps the filter and the next page starts where the first ended', async () => {
    for (let i = 1; i <= 55; i++)
      await recordAudit(database.db, {
        at: NOW,
        actor: { id: admin.operatorId, email: admin.email },
        via: 'api',
        ip: null,
        action: `bulk ${String(i).padStart(2, '0')}`,
      });
    const first = await auditPage(admin, '?action=bulk');
    expect(rows(first)).toHaveLength(50);
    expect(rows(first)[0]).toContain('bulk 55');
    expect(rows(first)[49]).toContain('bulk 06');
    const older = /<a rel="next" href="([^"]+)">/.exec(first)![1]!.replaceAll('&amp;', '&');
    expect(older).toMatch(/^\/admin\/audit\?action=bulk&before=\d+$/);
    const second = await auditPage(admin, older.slice('/admin/audit'.length));
    expect(rows(second).map((r) => /bulk \d+/.exec(r)![0])).toEqual([
      'bulk 05',
      'bulk 04',
      'bulk 03',
      'bulk 02',
      'bulk 01',
    ]);
    expect(second).not.toContain('rel="next"');
    expect(second).toContain('href="/admin/audit?action=bulk"');
  });

  test('a viewer reads the audit log too (the issue: viewers read it), everyone’s entries', async () => {
    const seen = rows(await auditPage(viewer, `?email=${encodeURIComponent(admin.email)}&target=operator`));
    expect(seen).toHaveLength(1);
    expect(seen[0]).toContain('console: operator create');
  });

  test('the login history shows each attempt: time in JST, email, address, browser, OS and device, and why one failed', async () => {
    expect((await attempt(operator.email, operator.password, '192.0.2.10', CHROME_WINDOWS)).status).toBe(303);
    expect((await attempt(operator.email, 'wrong password!', '192.0.2.11', CHROME_WINDOWS)).status).toBe(401);
    expect((await attempt('ghost@example.jp', 'whatever it is', '192.0.2.12', HOSTILE)).status).toBe(401);
    const res = await getPage(api.app, '/admin/login-history', admin.jar);
    expect(res.status).toBe(200);
    const list = attempts(await res.text());
    expect(list[0]).toContain('ghost@example.jp');
    expect(list[0]).toContain('失敗: そのメールアドレスのアカウントはありません');
    expect(list[1]).toContain('192.0.2.11');
    expect(list[1]).toContain('失敗: パスワードが違います');
    expect(list[2]).toContain(operator.email);
    expect(list[2]).toContain('2026年11月28日 10:00 日本時間');
    expect(list[2]).toContain('192.0.2.10');
    expect(list[2]).toMatch(/Chrome 131[^<]* \/ Windows[^<]* \/ desktop/);
    expect(list[2]).toContain('成功');
    expect(list.join('')).not.toContain('<script>');
  });

  test('someone who is not an admin sees only their own attempts; in English the reasons are in English', async () => {
    const res = await getPage(api.app, '/en/admin/login-history', operator.jar);
    expect(res.status).toBe(200);
    const page = await res.text();
    expect(page).toContain('Sign-in attempts on your account, newest first.');
    expect(page).toContain('Failed: Wrong password');
    expect(page).not.toContain('ghost@example.jp');
    expect(page).not.toContain(admin.email);
  });
});
