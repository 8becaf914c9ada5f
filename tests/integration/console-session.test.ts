import { Secret, TOTP } from 'otpauth';
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Database } from '../../db/client.ts';
import { loginHistory, operatorSessions, operators } from '../../db/schema/index.ts';
import { createOperator, disableOperator } from '../../api/operators/operators.ts';
import { apiFor } from '../support/api.ts';
import { CookieJar, createSignedIn, csrfIn, fromAddress, getPage, postForm, signIn } from '../support/console.ts';
import { openTestDatabase } from '../support/db.ts';
import { TEST_SITE_URL } from '../support/settings.ts';

const CLI = { operatorId: null, email: 'cli:test', via: 'cli', ip: null } as const;
const PASSWORD = 'correct horse battery 9';
const T0 = new Date('2026-11-28T10:00:00+09:00');

/** The sign-in answer with what differs between two identical answers (nonce, form token, the typed email) blanked. */
const comparable = (page: string, email: string) =>
  page
    .replaceAll(email, 'EMAIL')
    .replace(/name="_csrf" value="[^"]+"/g, 'name="_csrf" value=""')
    .replace(/nonce-[^']+/g, '');

describe('console sessions, sign-in and CSRF', () => {
  let database: Database;
  let api: ReturnType<typeof apiFor>;
  const ctx = () => ({ app: api.app, db: database.db, now: T0 });
  const account = async (jar: CookieJar) => (await getPage(api.app, '/admin/account', jar)).status;

  beforeAll(async () => {
    database = await openTestDatabase('pglite');
    api = apiFor(database, { now: T0 });
  });
  afterAll(() => database?.close());

  /** One sign-in attempt from `ip` through the real form: the answer's status and page. */
  async function attempt(email: string, password: string, ip = '198.51.100.1') {
    const jar = new CookieJar();
    const env = fromAddress(ip);
    const form = await getPage(api.app, '/admin/login', jar, env);
    const res = await postForm(api.app, '/admin/login', { _csrf: csrfIn(await form.text()), email, password }, jar, {
      env,
    });
    return { status: res.status, page: await res.text(), location: res.headers.get('Location'), jar };
  }

  test('a POST without the session’s form token, with a wrong one, or from a foreign origin is refused (403) and changes nothing', async () => {
    const me = await createSignedIn(ctx(), { role: 'operator' });
    const change = { current: me.password, password: 'a new password 123', confirm: 'a new password 123' };
    const refused = [
      await postForm(api.app, '/admin/account/password', change, me.jar),
      await postForm(api.app, '/admin/account/password', { ...change, _csrf: 'x'.repeat(43) }, me.jar),
      await postForm(api.app, '/admin/account/password', { ...change, _csrf: me.csrf }, me.jar, {
        headers: { Origin: 'https://evil.example' },
      }),
      await postForm(api.app, '/admin/account/password', { ...change, _csrf: me.csrf }, me.jar, {
        headers: { 'Sec-Fetch-Site': 'cross-site' },
      }),
      await postForm(api.app, '/admin/account/password', { ...change, _csrf: me.csrf }, me.jar, {
        headers: { Origin: 'null' },
      }),
      await postForm(api.app, '/admin/logout', {}, me.jar),
    ];
    expect(refused.map((r) => r.status)).toEqual([403, 403, 403, 403, 403, 403]);
    expect(await refused[0]!.text()).toContain('何も変更されていません');
    // Nothing changed: the old password still signs in, and this session still works.
    expect((await attempt(me.email, me.password)).status).toBe(303);
    expect(await account(me.jar)).toBe(200);
    // The right token from this site's origin goes through (Chromium: Origin null under no-referrer, but same-origin).
    const ok = await postForm(api.app, '/admin/account/password', { ...change, _csrf: me.csrf }, me.jar, {
      headers: { Origin: TEST_SITE_URL },
    });
    expect(ok.status).toBe(303);
    const alsoOk = await postForm(api.app, '/admin/logout', { _csrf: me.csrf }, me.jar, {
      headers: { Origin: 'null', 'Sec-Fetch-Site': 'same-origin' },
    });
    expect(alsoOk.status).toBe(303);
  });

  test('the sign-in form without its signed cookie, or with another form’s value, is refused and records nothing', async () => {
    await createOperator({
      db: database.db,
      now: T0,
      input: { email: 'form@example.jp', role: 'viewer', password: PASSWORD },
      actor: CLI,
    });
    const before = await database.db.select({ n: count() }).from(loginHistory);
    const noCookie = await postForm(
      api.app,
      '/admin/login',
      { _csrf: 'abc', email: 'form@example.jp', password: PASSWORD },
      new CookieJar(),
    );
    const jar = new CookieJar();
    await getPage(api.app, '/admin/login', jar);
    const otherValue = await postForm(
      api.app,
      '/admin/login',
      { _csrf: 'abc', email: 'form@example.jp', password: PASSWORD },
      jar,
    );
    const forged = new CookieJar();
    forged.cookies.set('__Host-shirase_csrf', 'abc.forged');
    const badSignature = await postForm(
      api.app,
      '/admin/login',
      { _csrf: 'abc', email: 'form@example.jp', password: PASSWORD },
      forged,
    );
    expect([noCookie.status, otherValue.status, badSignature.status]).toEqual([403, 403, 403]);
    expect(
      [noCookie, otherValue, badSignature].some((r) =>
        r.headers.getSetCookie().some((l) => l.startsWith('__Host-shirase_session=')),
      ),
    ).toBe(false);
    expect(await database.db.select({ n: count() }).from(loginHistory)).toEqual(before);
  });

  test('a session cookie set before sign-in is never the one after it, and a planted live session is ended', async () => {
    const victim = await createOperator({
      db: database.db,
      now: T0,
      input: { email: 'victim@example.jp', role: 'admin', password: PASSWORD },
      actor: CLI,
    });
    const attacker = await createSignedIn(ctx(), { role: 'viewer' });
    const planted = attacker.jar.cookies.get('__Host-shirase_session')!;
    const jar = new CookieJar();
    jar.cookies.set('__Host-shirase_session', planted);
    const { csrf } = await signIn(api.app, { email: 'victim@example.jp', password: PASSWORD }, { jar });
    expect(csrf).not.toBe('');
    expect(jar.cookies.get('__Host-shirase_session')).not.toBe(planted);
    const page = await (await getPage(api.app, '/admin/account', jar)).text();
    expect(page).toContain('victim@example.jp');
    // The attacker's copy of the old cookie signs no one in any more.
    expect(await account(attacker.jar)).toBe(303);
    expect(victim.id).toBeTruthy();
  });

  test('unknown email, wrong password, disabled account and no password all answer the same page and status', async () => {
    await createOperator({
      db: database.db,
      now: T0,
      input: { email: 'gone@example.jp', role: 'operator', password: PASSWORD },
      actor: CLI,
    });
    await createOperator({
      db: database.db,
      now: T0,
      input: { email: 'admin2@example.jp', role: 'admin', password: PASSWORD },
      actor: CLI,
    });
    await disableOperator({ db: database.db, now: T0, email: 'gone@example.jp', actor: CLI });
    await createOperator({
      db: database.db,
      now: T0,
      input: { email: 'tokens-only@example.jp', role: 'operator' },
      actor: CLI,
    });
    await createOperator({
      db: database.db,
      now: T0,
      input: { email: 'known@example.jp', role: 'operator', password: PASSWORD },
      actor: CLI,
    });
    const answers = [
      await attempt('nobody@example.jp', PASSWORD, '192.0.2.10'),
      await attempt('known@example.jp', 'wrong password 1234', '192.0.2.11'),
      await attempt('gone@example.jp', PASSWORD, '192.0.2.12'),
      await attempt('tokens-only@example.jp', PASSWORD, '192.0.2.13'),
    ];
    expect(answers.map((a) => a.status)).toEqual([401, 401, 401, 401]);
    expect(answers[0]!.page).toContain('メールアドレスまたはパスワードが違います');
    const emails = ['nobody@example.jp', 'known@example.jp', 'gone@example.jp', 'tokens-only@example.jp'];
    const pages = answers.map((a, i) => comparable(a.page, emails[i]!));
    expect(new Set(pages).size).toBe(1);
    const outcomes = await database.db
      .select({ email: loginHistory.email, outcome: loginHistory.outcome })
      .from(loginHistory);
    expect(outcomes).toEqual(
      expect.arrayContaining([
        { email: 'nobody@example.jp', outcome: 'unknown_account' },
        { email: 'known@example.jp', outcome: 'wrong_password' },
        { email: 'gone@example.jp', outcome: 'disabled' },
        { email: 'tokens-only@example.jp', outcome: 'no_password' },
      ]),
    );
  });

  test('after 5 failures for one email, even the right password is refused (429) with the same page as for an unknown email', async () => {
    await createOperator({
      db: database.db,
      now: T0,
      input: { email: 'target@example.jp', role: 'operator', password: PASSWORD },
      actor: CLI,
    });
    for (let i = 0; i < 5; i++) {
      expect((await attempt('target@example.jp', `guess number ${i}`, `203.0.113.${i}`)).status).toBe(401);
      expect((await attempt('ghost@example.jp', `guess number ${i}`, `203.0.113.${i + 10}`)).status).toBe(401);
    }
    const known = await attempt('target@example.jp', PASSWORD, '203.0.113.50');
    const unknown = await attempt('ghost@example.jp', PASSWORD, '203.0.113.51');
    expect([known.status, unknown.status]).toEqual([429, 429]);
    expect(known.page).toContain('15 分後にもう一度お試しください');
    expect(comparable(known.page, 'target@example.jp')).toBe(comparable(unknown.page, 'ghost@example.jp'));
    expect(known.jar.cookies.has('__Host-shirase_session')).toBe(false);
    // The window passes: the right password works again.
    api.setNow(new Date(T0.getTime() + 16 * 60_000));
    try {
      expect((await attempt('target@example.jp', PASSWORD, '203.0.113.52')).status).toBe(303);
    } finally {
      api.setNow(T0);
    }
  });

  test('after 20 failures from one address, any email from it is refused (429); another address is not', async () => {
    await createOperator({
      db: database.db,
      now: T0,
      input: { email: 'busy@example.jp', role: 'operator', password: PASSWORD },
      actor: CLI,
    });
    for (let i = 0; i < 20; i++)
      expect((await attempt(`spray${i}@example.jp`, 'wrong password 1234', '198.51.100.99')).status).toBe(401);
    const fromThere = await attempt('busy@example.jp', PASSWORD, '198.51.100.99');
    const unknownFromThere = await attempt('unheard@example.jp', PASSWORD, '198.51.100.99');
    expect([fromThere.status, unknownFromThere.status]).toEqual([429, 429]);
    expect(comparable(fromThere.page, 'busy@example.jp')).toBe(comparable(unknownFromThere.page, 'unheard@example.jp'));
    expect((await attempt('busy@example.jp', PASSWORD, '198.51.100.100')).status).toBe(303);
  });

  test('signing out ends the session on the next request; a password change ends the person’s other sessions only', async () => {
    const me = await createSignedIn(ctx(), { role: 'operator' });
    const out = await postForm(api.app, '/admin/logout', { _csrf: me.csrf }, me.jar);
    expect(out.status).toBe(303);
    expect(out.headers.get('Location')).toBe('/admin/login');
    const after = await (await getPage(api.app, '/admin/login', me.jar)).text();
    expect(after).toContain('<p class="notice" role="status">ログアウトしました。</p>');
    expect(await (await getPage(api.app, '/admin/login', me.jar)).text()).not.toContain('ログアウトしました。');
    const stolen = new CookieJar();
    stolen.cookies.set(
      '__Host-shirase_session',
      (await signIn(api.app, me)).jar.cookies.get('__Host-shirase_session')!,
    );
    expect(await account(stolen)).toBe(200);
    const here = await signIn(api.app, me);
    const res = await postForm(
      api.app,
      '/admin/account/password',
      { _csrf: here.csrf, current: me.password, password: 'another long one 42', confirm: 'another long one 42' },
      here.jar,
    );
    expect(res.status).toBe(303);
    expect(await account(stolen)).toBe(303);
    expect(await account(here.jar)).toBe(200);
    expect((await attempt(me.email, me.password)).status).toBe(401);
    expect((await attempt(me.email, 'another long one 42')).status).toBe(303);
  });

  test('the account page ends one of the person’s other sessions, and never someone else’s', async () => {
    const me = await createSignedIn(ctx(), { role: 'operator' });
    const elsewhere = await signIn(api.app, me);
    const someoneElse = await createSignedIn(ctx(), { role: 'operator' });
    const page = await (await getPage(api.app, '/admin/account', me.jar)).text();
    const ends = [...page.matchAll(/name="session" value="([0-9a-f]{64})"/g)].map((m) => m[1]!);
    expect(ends).toHaveLength(1);
    const theirs = (await (await getPage(api.app, '/admin/account', someoneElse.jar)).text()).match(
      /name="session" value="([0-9a-f]{64})"/,
    );
    expect(theirs).toBeNull();
    const ended = await postForm(api.app, '/admin/account/sessions/end', { _csrf: me.csrf, session: ends[0]! }, me.jar);
    expect(ended.status).toBe(303);
    expect(await account(elsewhere.jar)).toBe(303);
    expect(await account(me.jar)).toBe(200);
    // Someone else's session, named by its hash, is not ended by me.
    const [row] = await database.db
      .select({ idHash: operatorSessions.idHash })
      .from(operatorSessions)
      .where(eq(operatorSessions.operatorId, someoneElse.operatorId));
    await postForm(api.app, '/admin/account/sessions/end', { _csrf: me.csrf, session: row!.idHash }, me.jar);
    expect(await account(someoneElse.jar)).toBe(200);
  });

  test('a weak new password or a wrong current one is shown next to its field, and nothing changes', async () => {
    const me = await createSignedIn(ctx(), { role: 'viewer' });
    const res = await postForm(
      api.app,
      '/en/admin/account/password',
      { _csrf: me.csrf, current: 'nope', password: 'short', confirm: 'other' },
      me.jar,
    );
    expect(res.status).toBe(422);
    const page = await res.text();
    expect(page).toContain('The current password is wrong');
    expect(page).toContain('The two new passwords differ');
    expect(page).toMatch(/id="f-current"[^>]*aria-invalid="true"/);
    const weak = await postForm(
      api.app,
      '/en/admin/account/password',
      { _csrf: me.csrf, current: me.password, password: 'short', confirm: 'short' },
      me.jar,
    );
    expect(weak.status).toBe(422);
    expect(await weak.text()).toMatch(/href="#f-password"/);
    expect((await attempt(me.email, me.password)).status).toBe(303);
  });

  test('a stolen session cannot guess the password on the account page: wrong ones count as failed sign-ins, and the sixth is refused', async () => {
    const me = await createSignedIn(ctx(), { role: 'operator' });
    const hash = async () =>
      (await database.db.select().from(operators).where(eq(operators.id, me.operatorId)))[0]!.passwordHash;
    const before = await hash();
    const change = (current: string) =>
      postForm(
        api.app,
        '/admin/account/password',
        { _csrf: me.csrf, current, password: 'guessed new one 77', confirm: 'guessed new one 77' },
        me.jar,
      );
    for (let i = 0; i < 5; i++) expect((await change(`guess number ${i}`)).status).toBe(422);
    const right = await change(me.password);
    expect(right.status).toBe(429);
    expect(await right.text()).toContain('15 分後にもう一度お試しください');
    expect(await hash()).toBe(before);
    const failures = await database.db
      .select({ outcome: loginHistory.outcome })
      .from(loginHistory)
      .where(eq(loginHistory.operatorId, me.operatorId));
    expect(failures.filter((f) => f.outcome === 'wrong_password')).toHaveLength(5);
  });

  test('a disabled operator’s session fails on the very next request', async () => {
    const me = await createSignedIn(ctx(), { role: 'operator' });
    expect(await account(me.jar)).toBe(200);
    await disableOperator({ db: database.db, now: T0, id: me.operatorId, actor: CLI });
    expect(await account(me.jar)).toBe(303);
  });

  test('a session ends after 30 idle minutes, and after 12 hours however busy', async () => {
    const idle = await createSignedIn(ctx(), { role: 'viewer' });
    const busy = await createSignedIn(ctx(), { role: 'viewer' });
    try {
      api.setNow(new Date(T0.getTime() + 29 * 60_000));
      expect(await account(busy.jar)).toBe(200);
      api.setNow(new Date(T0.getTime() + 31 * 60_000));
      expect(await account(idle.jar)).toBe(303);
      for (let minutes = 50; minutes < 12 * 60; minutes += 25) {
        api.setNow(new Date(T0.getTime() + minutes * 60_000));
        expect(await account(busy.jar), `${minutes} minutes in`).toBe(200);
      }
      api.setNow(new Date(T0.getTime() + 12 * 3_600_000 + 1000));
      expect(await account(busy.jar)).toBe(303);
    } finally {
      api.setNow(T0);
    }
  });

  test('last_seen_at is written at most once a minute, however many requests come', async () => {
    const me = await createSignedIn(ctx(), { role: 'viewer' });
    const seen = async () =>
      (
        await database.db
          .select({ at: operatorSessions.lastSeenAt })
          .from(operatorSessions)
          .where(eq(operatorSessions.operatorId, me.operatorId))
      ).map((r) => r.at.getTime());
    try {
      api.setNow(new Date(T0.getTime() + 59_000));
      await account(me.jar);
      await account(me.jar);
      expect(await seen()).toEqual([T0.getTime()]);
      api.setNow(new Date(T0.getTime() + 61_000));
      await account(me.jar);
      expect(await seen()).toEqual([T0.getTime() + 61_000]);
    } finally {
      api.setNow(T0);
    }
  });

  test('a second factor is confirmed with a code before it is kept; at sign-in a code is never accepted twice', async () => {
    const me = await createSignedIn(ctx(), { role: 'operator' });
    const setup = await (await getPage(api.app, '/admin/account/totp', me.jar)).text();
    const secret = /name="secret" value="([A-Z2-7]{32})"/.exec(setup)![1]!;
    expect(setup).toContain('<svg');
    const code = (at: Date) => TOTP.generate({ secret: Secret.fromBase32(secret), timestamp: at.getTime() });
    const wrong = await postForm(
      api.app,
      '/admin/account/totp',
      { _csrf: me.csrf, secret, code: '000000' === code(T0) ? '111111' : '000000' },
      me.jar,
    );
    expect(wrong.status).toBe(422);
    expect(
      (await database.db.select().from(operators).where(eq(operators.id, me.operatorId)))[0]!.totpSecret,
    ).toBeNull();
    const on = await postForm(api.app, '/admin/account/totp', { _csrf: me.csrf, secret, code: code(T0) }, me.jar);
    expect(on.status).toBe(303);

    // The code that turned it on cannot sign in.
    const first = await attempt(me.email, me.password);
    expect(first.location).toBe('/admin/login/code');
    expect(await account(first.jar)).toBe(303);
    const codePage = await (await getPage(api.app, '/admin/login/code', first.jar)).text();
    const replay = await postForm(api.app, '/admin/login/code', { _csrf: csrfIn(codePage), code: code(T0) }, first.jar);
    expect(replay.status).toBe(401);
    // A password waits 10 minutes for its code, no longer.
    api.setNow(new Date(T0.getTime() + 10 * 60_000 + 1000));
    expect((await getPage(api.app, '/admin/login/code', first.jar)).status).toBe(303);
    // The next step's code does, once.
    api.setNow(new Date(T0.getTime() + 30_000));
    try {
      const next = code(new Date(T0.getTime() + 30_000));
      const ok = await postForm(api.app, '/admin/login/code', { _csrf: csrfIn(codePage), code: next }, first.jar);
      expect(ok.status).toBe(303);
      expect(ok.headers.get('Location')).toBe('/admin/');
      expect(await account(first.jar)).toBe(200);
      const again = await attempt(me.email, me.password);
      const againPage = await (await getPage(api.app, '/admin/login/code', again.jar)).text();
      const reused = await postForm(api.app, '/admin/login/code', { _csrf: csrfIn(againPage), code: next }, again.jar);
      expect(reused.status).toBe(401);
      expect(await account(again.jar)).toBe(303);
    } finally {
      api.setNow(T0);
    }
  });
});
