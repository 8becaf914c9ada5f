import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RequestApp, signIn } from '../support/console.ts';
import { E2E_TOKEN, freePort, waitFor } from '../support/http.ts';
import { startServer } from '../support/server.ts';

const PASSWORD = 'a long admin passphrase 7';
const SMTP_PASSWORD = 'smtp-hunter2-password';
const MANAGE_TOKEN = `m${randomBytes(16).toString('hex')}`;
const UNKNOWN_TOKEN = `shirase_${randomBytes(32).toString('base64url')}`;

type Line = Record<string, unknown> & { level: string; msg: string; req_id?: string };

/**
 * The real server (scripts/serve.ts) with its stdout and stderr captured, driven through every
 * door with every kind of secret a request or the configuration carries; then its whole output is
 * read for them.
 */
describe('the server’s log, read whole', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  /** Each answer, with the request it answered. */
  const answers: { method: string; path: string; res: Response }[] = [];
  const secrets: string[] = [PASSWORD, SMTP_PASSWORD, MANAGE_TOKEN, UNKNOWN_TOKEN, E2E_TOKEN];

  const send = async (method: string, path: string, init: RequestInit = {}) => {
    const res = await fetch(server.url + path, { method, redirect: 'manual', ...init });
    answers.push({ method, path: path.split('?')[0]!, res });
    return res;
  };
  const asAdminToken = (method: string, path: string, body: unknown) =>
    send(method, path, {
      headers: { Authorization: `Bearer ${E2E_TOKEN}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });

  beforeAll(async () => {
    // Nothing listens there: every message fails to send, with the URL's password in the configuration.
    const smtpPort = await freePort();
    server = await startServer({
      SMTP_URL: `smtp://mailer:${SMTP_PASSWORD}@127.0.0.1:${smtpPort}`,
      MAIL_FROM: 'status@example.jp',
    });
  }, 90_000);
  afterAll(async () => {
    await server?.stop();
  });

  it('writes no password, token or secret link, and gives each request one JSON line whose req_id is the answer’s X-Request-Id', async () => {
    // ADMIN_TOKEN: an operator and its token, then an admin with a password (ADMIN_TOKEN's last use).
    const operator = await (
      await asAdminToken('POST', '/api/v1/operators', { email: 'ops@example.jp', role: 'operator' })
    ).json();
    const issued = await (await asAdminToken('POST', '/api/v1/tokens', { operator_id: operator.id })).json();
    const token: string = issued.token;
    secrets.push(token);
    expect(
      (
        await asAdminToken('POST', '/api/v1/operators', {
          email: 'admin@example.jp',
          role: 'admin',
          password: PASSWORD,
        })
      ).status,
    ).toBe(201);

    const bearer = { Authorization: `Bearer ${token}` };
    expect((await send('GET', '/api/v1/tokens', { headers: bearer })).status).toBe(200);
    // A bad request with the token in its headers, the id field included (no trusted proxy: ignored).
    const bad = await send('POST', '/api/v1/incidents', {
      headers: { ...bearer, 'Content-Type': 'application/json', 'X-Request-Id': token },
      body: '{"name": ',
    });
    expect(bad.status).toBe(400);
    expect(bad.headers.get('X-Request-Id')).not.toBe(token);
    expect(
      (await send('GET', '/api/v1/tokens', { headers: { Authorization: `Bearer ${UNKNOWN_TOKEN}` } })).status,
    ).toBe(401);

    // The console's sign-in with the password; the session cookie is a secret too.
    const browser: RequestApp = { request: (path, init) => send(init?.method ?? 'GET', path, init) };
    const signedIn = await signIn(browser, { email: 'admin@example.jp', password: PASSWORD });
    expect(signedIn.res.status).toBe(303);
    secrets.push(...[...signedIn.jar.cookies.values()].filter((v) => v.length >= 16));

    // The subscriber's door: a sign-up whose confirmation cannot be sent, and manage links.
    const signUp = await send('POST', '/subscription/', {
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'email=reader%40customer.example&language=ja&scope=all&kind=incidents',
    });
    expect(signUp.status).toBe(303);
    await send('GET', `/subscription/manage?token=${MANAGE_TOKEN}`);
    await send('GET', `/subscription/manage/${MANAGE_TOKEN}`);
    await waitFor(() => expect(server.output()).toContain('a sign-up e-mail was not sent'));

    const output = server.output();
    for (const secret of secrets) expect(output, `a secret of ${secret.length} characters`).not.toContain(secret);

    const lines: Line[] = output
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    for (const { method, path, res } of answers) {
      const id = res.headers.get('X-Request-Id');
      expect(id, `${method} ${path}`).toBeTruthy();
      const mine = lines.filter((l) => l.req_id === id && 'status' in l);
      expect(mine, `${method} ${path}`).toHaveLength(1);
      expect(mine[0]).toMatchObject({ method, status: res.status });
      expect(mine[0]!.path).toBe(path.replace(MANAGE_TOKEN, '****'));
    }
  });
});
