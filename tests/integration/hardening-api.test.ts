import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseTrustedProxies } from '../../api/http/client-address.ts';
import type { Database } from '../../db/client.ts';
import { TOKEN } from '../support/api.ts';
import { openTestDatabase } from '../support/db.ts';
import { TEST_SITE_URL } from '../support/settings.ts';
import { signUpFields, subscriptionApp } from '../support/subscribe.ts';

/** What @hono/node-server hands the app for a socket from `address` (`encrypted`: a TLS socket). */
const from = (remoteAddress: string, encrypted?: boolean) => ({ incoming: { socket: { remoteAddress, encrypted } } });

/** Headers a client can write to pass for another host and scheme. */
const SPOOFED = {
  Host: 'evil.example',
  'X-Forwarded-Host': 'evil.example',
  'X-Forwarded-Proto': 'http',
  'X-Forwarded-Port': '666',
};

const RATE_LIMIT = 5;

describe('the backend’s answers (API and subscription door) behind TRUSTED_PROXIES=loopback', () => {
  let database: Database;
  let door: ReturnType<typeof subscriptionApp>;
  /** Each request from an address of its own unless told: the rate limit is its own test. */
  let client = 0;
  const next = () => `198.51.100.${++client}`;
  beforeAll(async () => {
    database = await openTestDatabase('pglite');
    door = subscriptionApp(database, { trustedProxies: parseTrustedProxies('loopback'), apiRateLimit: RATE_LIMIT });
  });
  afterAll(async () => {
    door?.close();
    await database?.close();
  });

  const get = (path: string, env = from(next()), headers: Record<string, string> = {}) =>
    door.app.request(path, { headers }, env);

  it('carry X-Content-Type-Options, Referrer-Policy and no framing on every answer, errors and 404s included', async () => {
    const answers = {
      'an API read': await get('/api/v1/components'),
      'an API 404': await get('/api/v1/incidents/no-such-incident'),
      'an unknown API path': await get('/api/v1/nothing-here'),
      'an API write without a token': await door.app.request('/api/v1/components', { method: 'POST' }, from(next())),
      'the subscription door’s page': await get('/subscription/confirm?token=x'),
      'a sign-up that is not a form': await door.app.request('/subscription/', { method: 'POST' }, from(next())),
    };
    expect(Object.values(answers).map((r) => r.status)).toEqual([200, 404, 404, 401, 200, 415]);
    for (const [what, res] of Object.entries(answers)) {
      expect(res.headers.get('X-Content-Type-Options'), what).toBe('nosniff');
      expect(res.headers.get('Referrer-Policy'), what).toBe('no-referrer');
      expect(res.headers.get('X-Frame-Options'), what).toBe('DENY');
      expect(res.headers.get('Content-Security-Policy'), what).toContain("frame-ancestors 'none'");
      // Plain HTTP from the client itself: no HSTS (it would pin a scheme this answer did not use).
      expect(res.headers.get('Strict-Transport-Security'), what).toBeNull();
    }
  });

  it('add HSTS over HTTPS only: a TLS socket, or a trusted proxy’s X-Forwarded-Proto: https', async () => {
    const hsts = async (env: ReturnType<typeof from>, headers: Record<string, string> = {}) =>
      (await get('/subscription/confirm?token=x', env, headers)).headers.get('Strict-Transport-Security');
    expect(await hsts(from(next(), true))).toBe('max-age=31536000');
    expect(await hsts(from('127.0.0.1'), { 'X-Forwarded-Proto': 'https' })).toBe('max-age=31536000');
    expect(await hsts(from(next()), { 'X-Forwarded-Proto': 'https' })).toBeNull();
    expect(await hsts(from('127.0.0.1'))).toBeNull();
  });

  it('answer 429 problem+json with Retry-After past API_RATE_LIMIT a minute from one client, and only to it', async () => {
    const flooder = next();
    for (let i = 0; i < RATE_LIMIT; i++) expect((await get('/api/v1/components', from(flooder))).status).toBe(200);
    const refused = await get('/api/v1/components', from(flooder), { 'Accept-Language': 'en' });
    expect(refused.status).toBe(429);
    expect(refused.headers.get('Content-Type')).toBe('application/problem+json');
    expect(Number(refused.headers.get('Retry-After'))).toBeGreaterThanOrEqual(1);
    expect((await refused.json()).detail).toMatch(/^More than 5 requests a minute came from this address/);
    // The same client through the proxy is the same client; another one behind it is not.
    const viaProxy = (xff: string) => get('/api/v1/components', from('127.0.0.1'), { 'X-Forwarded-For': xff });
    expect((await viaProxy(flooder)).status).toBe(429);
    expect((await viaProxy(next())).status).toBe(200);
    // The health check answers whatever: a load balancer polls it.
    expect((await get('/api/v1/health', from(flooder))).status).toBe(200);
  });

  it('never let Host or X-Forwarded-Host/Proto/Port change a Location, a redirect or an e-mail link, even from a trusted proxy', async () => {
    const proxy = from('127.0.0.1');
    const created = await door.app.request(
      '/api/v1/components',
      {
        method: 'POST',
        headers: { ...SPOOFED, Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ name: '請求書' }),
      },
      proxy,
    );
    expect(created.status).toBe(201);
    expect(created.headers.get('Location')).toMatch(/^\/api\/v1\/components\/[^/]+$/);
    const signedUp = await door.form('/subscription/', signUpFields('spoofed@customer.example'), '127.0.0.1', SPOOFED);
    expect(signedUp.status).toBe(303);
    expect(signedUp.headers.get('Location')).toBe(`${TEST_SITE_URL}/subscribe/sent/`);
    const mail = (await door.mails()).at(-1)!;
    expect(mail.text).toContain(`${TEST_SITE_URL}/subscription/confirm?`);
    expect(mail.text).not.toContain('evil.example');
    const back = await door.app.request('/subscription/', { headers: SPOOFED }, proxy);
    expect(back.headers.get('Location')).toBe(`${TEST_SITE_URL}/subscribe/`);
    const openapi = await (await get('/api/v1/openapi.json', proxy, SPOOFED)).json();
    expect(openapi.servers.map((s: { url: string }) => s.url).join(' ')).not.toContain('evil.example');
  });
});

describe('the subscription door’s per-client throttle behind TRUSTED_PROXIES', () => {
  let database: Database;
  let door: ReturnType<typeof subscriptionApp>;
  beforeAll(async () => {
    database = await openTestDatabase('pglite');
    door = subscriptionApp(database, { perClient: 2, trustedProxies: parseTrustedProxies('127.0.0.1') });
  });
  afterAll(async () => {
    door?.close();
    await database?.close();
  });

  it('counts each client the proxy forwards for on its own, not the proxy as one client', async () => {
    const signUp = (n: number, client: string) =>
      door.form('/subscription/', signUpFields(`reader${n}@customer.example`), '127.0.0.1', {
        'X-Forwarded-For': client,
      });
    expect([(await signUp(1, '203.0.113.1')).status, (await signUp(2, '203.0.113.1')).status]).toEqual([303, 303]);
    expect((await signUp(3, '203.0.113.1')).status).toBe(429);
    // Another reader behind the same proxy is not held back by the first one's sign-ups.
    expect((await signUp(4, '203.0.113.2')).status).toBe(303);
  });
});
