import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../api/http/app.ts';
import { parseTrustedProxies } from '../../api/http/client-address.ts';
import { createLog } from '../../api/server/logger.ts';
import type { Database } from '../../db/client.ts';
import { TOKEN } from '../support/api.ts';
import { fromAddress } from '../support/console.ts';
import { openTestDatabase } from '../support/db.ts';
import { settingsFrom } from '../support/settings.ts';

const NOW = new Date('2026-11-28T10:00:00+09:00');
const PROXY = '10.0.0.5';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

type Line = Record<string, unknown> & { level: string; time: string; msg: string; req_id?: string };

/** The production app with the server's own logger, its JSON lines kept; a publisher status that can be made to throw. */
function loggedApp(database: Database, level: 'info' | 'debug' = 'info') {
  const written: string[] = [];
  let publishingBroken = false;
  let databaseAway = false;
  const app = createApp({
    db: database.db,
    database: () => ({ state: databaseAway ? 'degraded' : 'ok', since: NOW, retryAfterSeconds: 5 }),
    now: () => NOW,
    adminToken: TOKEN,
    settings: settingsFrom(),
    trustedProxies: parseTrustedProxies(PROXY),
    log: createLog({ level, format: 'json' }, { destination: { write: (l) => void written.push(l) } }),
    publishing: () => {
      if (publishingBroken) throw new Error('the publisher state broke');
      return { publishing: false, last: null, lastPublishedAt: null, failing: [] };
    },
  });
  const request = (path: string, from: string, headers: Record<string, string> = {}) =>
    app.request(path, { headers: { Authorization: `Bearer ${TOKEN}`, ...headers } }, fromAddress(from));
  return {
    request,
    breakPublishing: () => {
      publishingBroken = true;
    },
    loseDatabase: () => {
      databaseAway = true;
    },
    /** Every line written so far, each parsed (a line that is not JSON fails the test here). */
    lines: (): Line[] => written.map((l) => JSON.parse(l) as Line),
    raw: () => written.join(''),
  };
}

describe('the request log and the request id', () => {
  let database: Database;
  beforeAll(async () => {
    database = await openTestDatabase('pglite');
  });
  afterAll(async () => {
    await database?.close();
  });

  it('writes one JSON line per request with its id, method, path without the query, status, duration, route kind and client address', async () => {
    const log = loggedApp(database);
    const api = await log.request('/api/v1/components?secret=dont-log-me', '203.0.113.7');
    const door = await log.request('/subscription/manage?token=manage-token-not-for-logs', '203.0.113.8');
    const console = await log.request('/en/admin/login', '203.0.113.9');
    const lines = log.lines();
    expect(log.raw().endsWith('\n')).toBe(true);
    expect(log.raw().split('\n')).toHaveLength(lines.length + 1);
    const lineOf = (res: Response) => lines.find((l) => l.req_id === res.headers.get('X-Request-Id'));
    expect(lineOf(api)).toMatchObject({
      level: 'info',
      method: 'GET',
      path: '/api/v1/components',
      status: 200,
      route_kind: 'api',
      client_address: '203.0.113.7',
      msg: 'GET /api/v1/components 200',
    });
    expect(lineOf(door)).toMatchObject({ path: '/subscription/manage', route_kind: 'subscription' });
    expect(lineOf(console)).toMatchObject({ path: '/en/admin/login', status: 200, route_kind: 'console' });
    for (const line of [lineOf(api), lineOf(door), lineOf(console)]) {
      expect(line!.req_id).toMatch(UUID);
      expect(new Date(line!.time).toISOString()).toBe(line!.time);
      expect(line!.duration_ms).toBeGreaterThanOrEqual(0);
    }
    expect(log.raw()).not.toContain('dont-log-me');
    expect(log.raw()).not.toContain('manage-token-not-for-logs');
  });

  it('keeps a trusted proxy’s X-Request-Id, ignores anyone else’s, and replaces a hostile one without logging it', async () => {
    const log = loggedApp(database);
    const kept = await log.request('/api/v1/components', PROXY, { 'X-Request-Id': 'lb-7f3a.2_x' });
    expect(kept.headers.get('X-Request-Id')).toBe('lb-7f3a.2_x');
    const stranger = await log.request('/api/v1/components', '203.0.113.7', { 'X-Request-Id': 'chosen-by-client' });
    expect(stranger.headers.get('X-Request-Id')).toMatch(UUID);
    const hostile = ['forged", "level": "error', `a${'b'.repeat(128)}`, 'id with spaces', 'ünïcode'];
    for (const id of hostile) {
      const res = await log.request('/api/v1/components', PROXY, { 'X-Request-Id': id });
      expect(res.headers.get('X-Request-Id'), id).toMatch(UUID);
      expect(log.raw(), id).not.toContain(id);
    }
    const ids = log.lines().map((l) => l.req_id);
    expect(ids).toContain('lb-7f3a.2_x');
    expect(ids).not.toContain('chosen-by-client');
  });

  it('answers a 500 with the request_id of its error line and its request line, and no stack', async () => {
    const log = loggedApp(database);
    log.breakPublishing();
    const res = await log.request('/api/v1/publishing', '203.0.113.7');
    expect(res.status).toBe(500);
    const problem = await res.json();
    expect(problem.request_id).toBe(res.headers.get('X-Request-Id'));
    expect(JSON.stringify(problem)).not.toContain('the publisher state broke');
    const mine = log.lines().filter((l) => l.req_id === problem.request_id);
    expect(mine.map((l) => l.level)).toEqual(['error', 'error']);
    expect(mine[0]!.msg).toContain('GET /api/v1/publishing: Error: the publisher state broke');
    expect(mine[1]).toMatchObject({ status: 500, path: '/api/v1/publishing' });
  });

  it('logs probes at debug, a readiness 503 while the database is away included: no error line every few seconds', async () => {
    const log = loggedApp(database, 'debug');
    expect((await log.request('/readyz', '10.0.0.9')).status).toBe(200);
    log.loseDatabase();
    expect((await log.request('/readyz', '10.0.0.9')).status).toBe(503);
    expect((await log.request('/metrics', '10.0.0.9')).status).toBe(200);
    expect(log.lines().map((l) => [l.msg, l.level])).toEqual([
      ['GET /readyz 200', 'debug'],
      ['GET /readyz 503', 'debug'],
      ['GET /metrics 200', 'debug'],
    ]);
  });

  it('gives a 4xx no request_id: the id is for what went wrong on the server', async () => {
    const log = loggedApp(database);
    const res = await log.request('/api/v1/incidents/no-such-incident', '203.0.113.7');
    expect(res.status).toBe(404);
    expect(await res.json()).not.toHaveProperty('request_id');
    expect(res.headers.get('X-Request-Id')).toMatch(UUID);
  });
});
