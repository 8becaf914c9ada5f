import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadSiteModel } from '../../api/core/queries/site-model.ts';
import type { Database } from '../../db/client.ts';
import { apiFor, json } from '../support/api.ts';
import { openTestDatabase } from '../support/db.ts';
import { publishAndServe } from '../support/published-site.ts';
import { TEST_SITE_URL } from '../support/settings.ts';
import { signUpFields, subscriptionApp } from '../support/subscribe.ts';

const NOW = new Date('2026-11-28T10:00:00+09:00');
/** CR/LF percent-encoded in a path or query, as an attacker sends them: a decoder turns them back into line breaks. */
const CRLF = '%0d%0aSet-Cookie:%20pwned=1%0d%0aX-Injected:%20yes';
const FORGED = '%0aFORGED%20admin@example.jp%20signed%20in';
/** Headers a client controls, claiming another origin; no trusted proxy is configured. */
const SPOOFED = {
  Host: 'evil.example',
  'X-Forwarded-Host': 'evil.example',
  'X-Forwarded-Proto': 'http',
  'X-Forwarded-Port': '8443',
  Forwarded: 'host=evil.example;proto=http',
};

const injected = (headers: Headers | Record<string, unknown>) => {
  const get = (name: string) => (headers instanceof Headers ? headers.get(name) : headers[name.toLowerCase()]);
  return { setCookie: get('set-cookie') ?? null, injected: get('x-injected') ?? null };
};

describe('CR/LF and spoofed origins in requests (bad-inputs.md 4 and 12)', () => {
  let database: Database;
  let site: Awaited<ReturnType<typeof publishAndServe>>;
  let door: ReturnType<typeof subscriptionApp>;
  beforeAll(async () => {
    database = await openTestDatabase('pglite');
    const model = await loadSiteModel({ db: database.db, now: NOW });
    site = await publishAndServe({ model: () => model, now: () => NOW });
    door = subscriptionApp(database);
  });
  afterAll(async () => {
    door?.close();
    await site?.close();
    await database?.close();
  });

  it('(4) a line break in a path or query adds no header to the API’s, the door’s or the static server’s answer', async () => {
    const api = apiFor(database, { now: NOW });
    for (const path of [`/api/v1/nope${CRLF}`, `/api/v1/incidents/x${CRLF}`, `/api/v1/incidents?sort=${CRLF}`]) {
      const res = await api.get(path);
      expect(res.status, path).toBeLessThan(500);
      expect(injected(res.headers), path).toEqual({ setCookie: null, injected: null });
    }
    const write = await api.post(`/api/v1/incidents${CRLF}`, { name: 'x', body: 'y' });
    expect(write.status).toBeLessThan(500);
    expect(injected(write.headers)).toEqual({ setCookie: null, injected: null });
    for (const path of [`/subscription/?lang=${CRLF}`, `/subscription/unsubscribe?token=${CRLF}&lang=${CRLF}`]) {
      const res = await door.app.request(path);
      expect(res.status, path).toBeLessThan(500);
      expect(injected(res.headers), path).toEqual({ setCookie: null, injected: null });
      expect(res.headers.get('location') ?? '', path).not.toMatch(/[\r\n]/);
    }
    for (const path of [`/en${CRLF}`, `/en${CRLF}/`, `/incidents/${CRLF}/`, `/history${CRLF}`]) {
      const res = await site.fetchRaw(path);
      expect(res.status, path).toBeLessThan(500);
      expect(injected(res.headers), path).toEqual({ setCookie: null, injected: null });
    }
  });

  it('(4) a line break in a requested path forges no log line when the API logs the request', async () => {
    const closed = await openTestDatabase('pglite');
    await closed.close();
    const api = apiFor(closed, { now: NOW });
    const lines: string[] = [];
    const spy = vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
      lines.push(...args.map(String).join(' ').split('\n'));
    });
    try {
      // The database is away: the API logs each request it could not serve, with its path.
      expect((await api.get(`/api/v1/incidents/x${FORGED}`)).status).toBe(503);
      expect((await api.get(`/api/v1/maintenances/x${FORGED}`)).status).toBe(503);
    } finally {
      spy.mockRestore();
    }
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.filter((line) => line.startsWith('FORGED'))).toEqual([]);
    expect(lines.join('\n')).toMatch(/GET \/api\/v1\/incidents\/x%0aFORGED/i);
  });

  it('(12) a spoofed Host or X-Forwarded-* changes no link the API, the door or the static server answers with', async () => {
    const api = apiFor(database, { now: NOW });
    const doc = await json(api.app.request('/api/v1/openapi.json', { headers: SPOOFED }));
    expect(doc.servers).toEqual([{ url: TEST_SITE_URL }]);
    const created = await api.post('/api/v1/components', { name: '請求書' }, SPOOFED);
    expect(created.status).toBe(201);
    expect(created.headers.get('location') ?? '').not.toContain('evil.example');
    expect(JSON.stringify(await created.json())).not.toContain('evil.example');
    const back = await door.app.request('/subscription/?lang=en', { headers: SPOOFED });
    expect(back.headers.get('location')).toBe(`${TEST_SITE_URL}/en/subscribe/`);
    const signUp = await door.form('/subscription/', signUpFields('spoof@customer.example'), '203.0.113.9', SPOOFED);
    expect(signUp.headers.get('location')).toBe(`${TEST_SITE_URL}/subscribe/sent/`);
    const [mail] = await door.mails();
    expect(`${mail!.text}${mail!.html}`).not.toContain('evil.example');
    const redirect = await site.fetchRaw('/en', { headers: SPOOFED });
    expect(redirect.status).toBe(308);
    expect(redirect.headers.location).toBe('/en/');
    for (const path of ['/', '/history.atom', '/api/v2/summary.json', '/maintenance.ics']) {
      const res = await site.fetchRaw(path, { headers: SPOOFED });
      if (res.status === 404) continue;
      expect(res.body.toString(), path).not.toContain('evil.example');
    }
  });
});
