import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, request as httpRequest, type Server } from 'node:http';
import { FileStore } from '../../api/publish/store.ts';
import { serveStatic } from '../../api/server/static.ts';
import type { Database } from '../../db/client.ts';
import { apiFor, json } from '../support/api.ts';
import { openTestDatabase } from '../support/db.ts';
import { html } from '../support/store-files.ts';
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
  let closedDatabase = false;
  let store: FileStore;
  let server: Server;
  /** A raw HTTP exchange with the static server: headers exactly as sent, no redirect followed. */
  let fetchRaw: (
    path: string,
    headers?: Record<string, string>,
  ) => Promise<{ status: number; headers: Record<string, unknown>; body: string }>;
  let door: ReturnType<typeof subscriptionApp>;
  beforeAll(async () => {
    database = await openTestDatabase('pglite');
    // The static server's answers depend on the paths stored, not on what the pages say.
    store = await FileStore.open({ dir: null, hotBytes: 1024 * 1024 });
    await store.commit([html('/', '<h1>home</h1>'), html('/en/', '<h1>home</h1>'), html('/history/', 'h')], NOW);
    server = createServer((req, res) => serveStatic(store, req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    fetchRaw = (path, headers = {}) =>
      new Promise((resolve, reject) => {
        httpRequest(`${base}${path}`, { headers }, (res) => {
          let body = '';
          res
            .on('data', (c: Buffer) => (body += c))
            .on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
        })
          .on('error', reject)
          .end();
      });
    door = subscriptionApp(database);
  });
  afterAll(async () => {
    door?.close();
    await new Promise((resolve) => server?.close(resolve));
    await store?.close();
    if (!closedDatabase) await database?.close();
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
      const res = await fetchRaw(path);
      expect(res.status, path).toBeLessThan(500);
      expect(injected(res.headers), path).toEqual({ setCookie: null, injected: null });
    }
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
    const redirect = await fetchRaw('/en', SPOOFED);
    expect(redirect.status).toBe(308);
    expect(redirect.headers.location).toBe('/en/');
    // Published files are made from SITE_URL, never from a request (feeds-served.test.ts checks their links).
    expect((await fetchRaw('/', SPOOFED)).body).toBe('<h1>home</h1>');
  });

  it('(4) a line break in a requested path forges no log line when the API logs the request', async () => {
    // Last in this file: it takes the database away for the others' good.
    await database.close();
    closedDatabase = true;
    const lines: string[] = [];
    const api = apiFor(database, { now: NOW, log: (line) => lines.push(...line.split('\n')) });
    // The database is away: the API logs each request it could not serve, with its path.
    expect((await api.get(`/api/v1/incidents/x${FORGED}`)).status).toBe(503);
    expect((await api.get(`/api/v1/maintenances/x${FORGED}`)).status).toBe(503);
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.filter((line) => line.startsWith('FORGED'))).toEqual([]);
    expect(lines.join('\n')).toMatch(/GET \/api\/v1\/incidents\/x%0aFORGED/i);
  });
});
