import { expect, test } from 'vitest';
import { manageToken } from '../../api/notify/subscribe/tokens.ts';
import { doorOf } from '../../api/server/static.ts';
import { apiFor, json } from '../support/api.ts';
import { describeEachDatabase } from '../support/db.ts';
import { TEST_SITE_URL } from '../support/settings.ts';
import {
  eachSubscriptionApp,
  SECRET,
  signUpAndConfirm,
  signUpFields,
  subscriptionApp,
  urlIn,
} from '../support/subscribe.ts';

const path = (url: string) => url.slice(TEST_SITE_URL.length);

test('requests under /subscription/ go to the backend, not the published files', () => {
  expect(doorOf('/subscription/', null)).toBe('api');
  expect(doorOf('/subscription/confirm?token=x', null)).toBe('api');
  expect(doorOf('/subscription', null)).toBe('api');
  expect(doorOf('/subscribe/', null)).toBe('static');
  expect(doorOf('/subscriptions/', null)).toBe('static');
});

describeEachDatabase('e-mail subscribers', ({ database }) => {
  const door = eachSubscriptionApp(database);

  const confirmed = (email: string, more: [string, string][] = [], language = 'ja') =>
    signUpAndConfirm(door(), email, more, language);

  test('a sign-up is sent a confirmation e-mail in its language, and only a POST of its link confirms it', async () => {
    const res = await door().form('/subscription/', signUpFields('Reader@Customer.example', [], 'en'));
    expect(res.status).toBe(303);
    expect(res.headers.get('Location')).toBe(`${TEST_SITE_URL}/en/subscribe/sent/`);
    const [mail, ...more] = await door().mails();
    expect(more).toHaveLength(0);
    expect(mail!.to).toMatchObject({ value: [{ address: expect.stringMatching(/^Reader@customer.example$/i) }] });
    expect(mail!.subject).toBe('[Shirase Status] Confirm your e-mail notifications');
    expect(mail!.headers.get('content-language')).toBe('en');
    expect(mail!.headers.get('list-unsubscribe')).toBeUndefined();
    const confirm = urlIn(mail!.text!, `${TEST_SITE_URL}/subscription/confirm?`);
    expect(mail!.html).toContain(confirm.replaceAll('&', '&amp;'));
    // A mail scanner following the link confirms nothing.
    const shown = await door().app.request(path(confirm));
    expect(shown.status).toBe(200);
    const page = await shown.text();
    expect(page).toContain('<html lang="en">');
    expect(page).toMatch(/<form method="post" action="\/subscription\/confirm">/);
    expect(shown.headers.get('Cache-Control')).toBe('no-store');
    expect(shown.headers.get('Referrer-Policy')).toBe('no-referrer');
    expect((await door().subscriber('reader@customer.example'))?.confirmedAt).toBeNull();

    const token = new URL(confirm).searchParams.get('token')!;
    const confirmed = await door().form('/subscription/confirm', [
      ['token', token],
      ['lang', 'en'],
    ]);
    expect(confirmed.status).toBe(200);
    expect(await confirmed.text()).toContain('Subscription confirmed');
    const row = await door().subscriber('reader@customer.example');
    expect(row).toMatchObject({ language: 'en', components: null, kinds: null, expiresAt: null });
    expect(row?.confirmedAt).toEqual(door().now());
    // Followed twice: confirmed still, not an error.
    expect(
      (
        await door().form('/subscription/confirm', [
          ['token', token],
          ['lang', 'en'],
        ])
      ).status,
    ).toBe(200);
    // Only hashes are stored.
    expect(JSON.stringify(row)).not.toContain(token);
    expect(JSON.stringify(row)).not.toContain(manageToken(SECRET, row!.id));
  });

  test('a new, a pending and a confirmed address get the same answer; the confirmed one is mailed its manage link, its choices kept', async () => {
    const component = await json(apiFor(database()).post('/api/v1/components', { name: '請求書' }));
    await confirmed('known@customer.example', [
      ['scope', 'some'],
      ['component', component.id],
      ['kind', 'incidents'],
    ]);
    const answers = [];
    for (const email of ['new@customer.example', 'new@customer.example', 'KNOWN@customer.example']) {
      answers.push(await door().form('/subscription/', signUpFields(email, [], 'en')));
      // One at a time: the files' names then sort in the order the mails were sent.
      await door().service.idle();
    }
    expect(answers.map((r) => r.status)).toEqual([303, 303, 303]);
    expect(new Set(answers.map((r) => r.headers.get('Location')))).toEqual(
      new Set([`${TEST_SITE_URL}/en/subscribe/sent/`]),
    );
    expect(new Set(await Promise.all(answers.map((r) => r.text())))).toHaveProperty('size', 1);

    const mails = (await door().mails()).slice(1);
    expect(mails.map((m) => m.subject)).toEqual([
      '[Shirase Status] Confirm your e-mail notifications',
      '[Shirase Status] Confirm your e-mail notifications',
      '[Shirase Status] You are already subscribed',
    ]);
    // The second sign-up replaced the first one's token: only the newest link confirms.
    const [first, second] = mails.map(
      (m) => new URL(urlIn(m.text!, `${TEST_SITE_URL}/subscription/`)).searchParams.get('token')!,
    );
    expect((await door().form('/subscription/confirm', [['token', first!]])).status).toBe(404);
    expect((await door().form('/subscription/confirm', [['token', second!]])).status).toBe(200);

    const known = await door().subscriber('known@customer.example');
    expect(known).toMatchObject({ language: 'ja', components: [component.id], kinds: ['incidents'] });
    const manage = urlIn(mails[2]!.text!, `${TEST_SITE_URL}/subscription/manage?`);
    expect(new URL(manage).searchParams.get('token')).toBe(manageToken(SECRET, known!.id));
  });

  test('a GET of the unsubscribe link changes nothing; the one-click POST deletes the address; any token gets the same page', async () => {
    const row = await confirmed('leaving@customer.example');
    const { unsubscribeUrl } = door().service.links(row!);
    expect(unsubscribeUrl.startsWith(`${TEST_SITE_URL}/subscription/unsubscribe?`)).toBe(true);

    const shown = await door().app.request(path(unsubscribeUrl));
    expect(shown.status).toBe(200);
    expect(await door().subscriber('leaving@customer.example')).not.toBeNull();

    // RFC 8058 §3.2: the receiver POSTs this body to the List-Unsubscribe URL.
    const oneClick = () => door().form(path(unsubscribeUrl), 'List-Unsubscribe=One-Click');
    const done = await oneClick();
    expect(done.status).toBe(200);
    expect(await door().subscriber('leaving@customer.example')).toBeNull();
    const again = await oneClick();
    const unknown = await door().form(
      path(unsubscribeUrl.replace(/token=[^&]+/, `token=${'A'.repeat(43)}`)),
      'List-Unsubscribe=One-Click',
    );
    const nonsense = await door().form(
      '/subscription/unsubscribe?token=%3Cscript%3E&lang=ja',
      'List-Unsubscribe=One-Click',
    );
    const bodies = await Promise.all([done, again, unknown, nonsense].map((r) => r.text()));
    expect([again.status, unknown.status, nonsense.status]).toEqual([200, 200, 200]);
    expect(new Set(bodies)).toHaveProperty('size', 1);
  });

  test('a one-click POST sent as multipart/form-data, which RFC 8058 also allows, unsubscribes too', async () => {
    const row = await confirmed('multipart@customer.example');
    const body = new FormData();
    body.set('List-Unsubscribe', 'One-Click');
    const res = await door().app.request(path(door().service.links(row).unsubscribeUrl), { method: 'POST', body });
    expect(res.status).toBe(200);
    expect(await door().subscriber('multipart@customer.example')).toBeNull();
  });

  test('the manage page shows the subscriber’s choices and saves new ones; its unsubscribe button deletes the address', async () => {
    const api = apiFor(database());
    const a = await json(api.post('/api/v1/components', { name: '請求書', name_en: 'Billing' }));
    const b = await json(api.post('/api/v1/components', { name: 'ログイン', name_en: 'Login' }));
    const row = await confirmed('chooser@customer.example');
    const token = manageToken(SECRET, row!.id);
    const page = await (await door().app.request(path(door().service.links(row!).manageUrl))).text();
    expect(page).toContain('chooser@customer.example');
    expect(page).toContain(`value="${a.id}"`);
    expect(page).toMatch(/name="scope" value="all" checked/);

    const saved = await door().form('/subscription/manage', [
      ['token', token],
      ['language', 'en'],
      ['scope', 'some'],
      ['component', b.id],
      ['kind', 'maintenance'],
      ['kind', 'notices'],
    ]);
    expect(saved.status).toBe(200);
    const after = await saved.text();
    expect(after).toContain('<html lang="en">');
    expect(after).toContain('Your choices are saved.');
    expect(after).toMatch(new RegExp(`value="${b.id}" checked> Login`));
    expect(await door().subscriber('chooser@customer.example')).toMatchObject({
      language: 'en',
      components: [b.id],
      kinds: ['maintenance', 'notices'],
    });

    const unknown = await door().app.request(`/subscription/manage?token=${'B'.repeat(43)}&lang=ja`);
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).not.toContain('chooser@');
    await door().form('/subscription/unsubscribe', [
      ['token', token],
      ['lang', 'en'],
    ]);
    expect(await door().subscriber('chooser@customer.example')).toBeNull();
  });

  test('manage links are checked with the server’s secret: a forged one does nothing, and once the secret changed, new links work and earlier ones do not', async () => {
    const row = await confirmed('kept@customer.example');
    const forged = `${row.id}.${'A'.repeat(43)}`;
    expect((await door().app.request(`/subscription/manage?token=${forged}`)).status).toBe(404);
    await door().form('/subscription/unsubscribe', [['token', forged]]);
    expect(await door().subscriber('kept@customer.example')).not.toBeNull();

    const rotated = subscriptionApp(database(), { secret: 'another secret, set after the first messages went out' });
    try {
      const earlier = door().service.links(row).unsubscribeUrl;
      const later = rotated.service.links(row).unsubscribeUrl;
      await rotated.form(path(earlier), 'List-Unsubscribe=One-Click');
      expect(await door().subscriber('kept@customer.example')).not.toBeNull();
      await rotated.form(path(later), 'List-Unsubscribe=One-Click');
      expect(await door().subscriber('kept@customer.example')).toBeNull();
    } finally {
      rotated.close();
    }
  });

  test('an unconfirmed sign-up expires after 48 hours: its link no longer works and the address is deleted', async () => {
    await door().form('/subscription/', signUpFields('late@customer.example'));
    const [mail] = await door().mails();
    const token = new URL(urlIn(mail!.text!, `${TEST_SITE_URL}/subscription/confirm?`)).searchParams.get('token')!;
    door().setNow(new Date(door().now().getTime() + 48 * 60 * 60 * 1000));
    const late = await door().form('/subscription/confirm', [['token', token]]);
    expect(late.status).toBe(404);
    expect((await door().subscriber('late@customer.example'))?.confirmedAt).toBeNull();
    // The next sign-up (anyone's) sweeps expired ones out.
    await door().form('/subscription/', signUpFields('other@customer.example'));
    expect(await door().subscriber('late@customer.example')).toBeNull();
  });

  test('hostile input in every field is refused with a page naming the field, and nothing is stored or sent', async () => {
    const bad: [string, [string, string][]][] = [
      ['email', signUpFields('<script>alert(1)</script>@x')],
      ['email', signUpFields('a@customer.example\r\nBcc: victim@example.com')],
      ['email', signUpFields(`${'a'.repeat(250)}@customer.example`)],
      ['language', signUpFields('a@customer.example', [], 'xx"><script>')],
      ['components', signUpFields('a@customer.example', [['scope', 'some']])],
      [
        'components',
        signUpFields('a@customer.example', [
          ['scope', 'some'],
          ['component', '../../etc'],
        ]),
      ],
      [
        'components',
        signUpFields('a@customer.example', [
          ['scope', 'some'],
          ['component', 'nosuchcomponent'],
        ]),
      ],
      ['components', signUpFields('a@customer.example', [['scope', 'everything']])],
      ['kinds', signUpFields('a@customer.example', [['kind', 'operators']])],
      ['kinds', signUpFields('a@customer.example', [['kind', '']])],
    ];
    for (const [field, fields] of bad) {
      const res = await door().form('/subscription/', fields);
      expect(res.status, `${field}: ${JSON.stringify(fields)}`).toBe(422);
      const page = await res.text();
      expect(page).not.toContain('<script>');
      expect(page, field).toContain(
        {
          email: 'メールアドレスが正しくありません',
          language: 'メールの言語を選んでください',
          components: '対象のサービスを選んでください',
          kinds: '通知の種類を1つ以上選んでください',
        }[field],
      );
    }
    const multipart = new FormData();
    multipart.set('email', new Blob(['a@customer.example']), 'email.txt');
    expect((await door().app.request('/subscription/', { method: 'POST', body: multipart })).status).toBe(415);
    expect((await door().form('/subscription/', `email=${'a'.repeat(20_000)}`)).status).toBe(413);
    expect(await door().mails()).toHaveLength(0);
    expect(await door().subscriber('a@customer.example')).toBeNull();
    // Tokens are never markup: a hostile one is written back escaped.
    const page = await (await door().app.request('/subscription/confirm?token=%22%3E%3Cscript%3Ex&lang=en')).text();
    expect(page).not.toContain('<script>');
    expect(page).toContain('value="&quot;&gt;&lt;script&gt;x"');
  });

  test('the door answers other paths and methods with a page of its own, and a GET of the door itself goes back to the form', async () => {
    const back = await door().app.request('/subscription/?lang=en');
    expect(back.status).toBe(303);
    expect(back.headers.get('Location')).toBe(`${TEST_SITE_URL}/en/subscribe/`);
    for (const [method, at] of [
      ['GET', '/subscription/nope'],
      ['PUT', '/subscription/confirm'],
      ['DELETE', '/subscription/unsubscribe?token=x'],
    ] as const) {
      const res = await door().app.request(at, { method });
      expect(res.status, `${method} ${at}`).toBe(404);
      expect(res.headers.get('Content-Type')).toMatch(/^text\/html/);
    }
    // Without the mail wired in (AppDeps.subscription), the door says it is not taking sign-ups.
    const unwired = await apiFor(database()).app.request('/subscription/', { method: 'POST' });
    expect(unwired.status).toBe(503);
    expect(await unwired.text()).toContain('ただいまメール通知の登録を受け付けていません');
  });

  test('a spoofed Host changes neither the redirect nor the e-mail’s links', async () => {
    const res = await door().form('/subscription/', signUpFields('host@customer.example'), undefined, {
      Host: 'evil.example',
      'X-Forwarded-Host': 'evil.example',
    });
    expect(res.headers.get('Location')).toBe(`${TEST_SITE_URL}/subscribe/sent/`);
    const [mail] = await door().mails();
    expect(mail!.text).not.toContain('evil.example');
    expect(mail!.text).toContain(`${TEST_SITE_URL}/subscription/confirm?`);
  });
});

describeEachDatabase('e-mail sign-up floods', ({ database }) => {
  const door = eachSubscriptionApp(database, { perAddress: 2, perClient: 4 });

  test('past an address’s allowance the answer stays the same and no more mail goes to it', async () => {
    const answers = [];
    for (let i = 0; i < 4; i++)
      answers.push(await door().form('/subscription/', signUpFields('flooded@customer.example'), `192.0.2.${i}`));
    expect(answers.map((r) => r.status)).toEqual([303, 303, 303, 303]);
    expect(await door().mails()).toHaveLength(2);
  });

  test('past a client’s allowance the form answers 429 whatever the address, and other clients are still served', async () => {
    const statuses = [];
    for (let i = 0; i < 5; i++)
      statuses.push(
        (await door().form('/subscription/', signUpFields(`n${i}@customer.example`), '198.51.100.7')).status,
      );
    expect(statuses).toEqual([303, 303, 303, 303, 429]);
    expect((await door().form('/subscription/', signUpFields('n9@customer.example'), '198.51.100.8')).status).toBe(303);
    expect(await door().mails()).toHaveLength(5);
  });
  test('a client guessing tokens is told to wait (429) after 20 that name no one, even for a good one; others are still served', async () => {
    const subscriber = await signUpAndConfirm(door(), 'kept@customer.example');
    const guesser = '203.0.113.9';
    const steps = ['/subscription/confirm', '/subscription/manage', '/subscription/unsubscribe'];
    const statuses = [];
    for (let i = 0; i < 20; i++)
      statuses.push((await door().form(steps[i % 3]!, [['token', `guess-${i}`]], guesser)).status);
    // Until then each answers as an unknown token does: unsubscribing answers as for a known one.
    expect(new Set(statuses)).toEqual(new Set([404, 200]));
    const unsubscribeUrl = new URL(door().service.links(subscriber).unsubscribeUrl);
    const oneClick = `${unsubscribeUrl.pathname}${unsubscribeUrl.search}`;
    const held = await door().form(oneClick, 'List-Unsubscribe=One-Click', guesser);
    expect(held.status).toBe(429);
    expect(await door().subscriber('kept@customer.example')).not.toBeNull();
    expect((await door().form(oneClick, 'List-Unsubscribe=One-Click', '203.0.113.10')).status).toBe(200);
    expect(await door().subscriber('kept@customer.example')).toBeNull();
  });
});
