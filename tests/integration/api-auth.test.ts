import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../api/operators/actor.ts';
import { listLogins } from '../../api/operators/login-history.ts';
import { createOperator, updateOperator } from '../../api/operators/operators.ts';
import { issueToken, revokeToken } from '../../api/operators/tokens.ts';
import type { Database } from '../../db/client.ts';
import { ADMIN_TOKEN_REFUSED_LOG, adminTokenNotice } from '../../api/http/auth.ts';
import { apiFor, TOKEN } from '../support/api.ts';
import { openTestDatabase } from '../support/db.ts';

const NOW = new Date('2026-11-28T10:00:00+09:00');
const CLI: Actor = { operatorId: null, email: 'cli:tester', via: 'cli', ip: null };
const INCIDENT = { name: '請求書の表示遅延', body: '調査しています。' };

/** A fresh database per describe: the audit log and login history cannot be emptied, by design. */
function withDatabase() {
  let database: Database;
  beforeAll(async () => {
    database = await openTestDatabase('pglite');
  });
  afterAll(async () => database?.close());
  return () => database;
}

/** A request as the server's socket delivers it: from `address`, with `token`. */
const from = (
  api: ReturnType<typeof apiFor>,
  address: string,
  token: string,
  method = 'POST',
  path = '/api/v1/incidents',
) =>
  api.app.request(
    path,
    {
      method,
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', 'User-Agent': 'curl/8.5.0' },
      ...(method === 'GET' ? {} : { body: JSON.stringify(INCIDENT) }),
    },
    { incoming: { socket: { remoteAddress: address } } },
  );

describe('API authentication with operator tokens and the bootstrap ADMIN_TOKEN', () => {
  const database = withDatabase();
  const db = () => database().db;
  let operatorId: string;

  it('accepts ADMIN_TOKEN while no admin exists, and refuses it with 401 from the request after the CLI creates one', async () => {
    const lines: string[] = [];
    const api = apiFor(database(), { now: NOW, log: (line) => lines.push(line) });
    expect(await adminTokenNotice(db(), TOKEN)).toBeNull();
    expect((await api.post('/api/v1/incidents', INCIDENT)).status).toBe(201);
    ({ id: operatorId } = await createOperator({
      db: db(),
      now: NOW,
      input: { email: 'ops@example.jp', role: 'operator' },
      actor: CLI,
    }));
    expect((await api.post('/api/v1/incidents', INCIDENT)).status).toBe(201);
    await createOperator({ db: db(), now: NOW, input: { email: 'admin@example.jp', role: 'admin' }, actor: CLI });
    for (let i = 0; i < 2; i++) {
      const refused = await api.post('/api/v1/incidents', INCIDENT);
      expect(refused.status).toBe(401);
      expect(refused.headers.get('Content-Type')).toContain('application/problem+json');
      expect((await refused.json()).detail).toMatch(/ADMIN_TOKEN/);
    }
    expect(lines.filter((l) => /ADMIN_TOKEN is refused: an admin account exists/.test(l))).toHaveLength(1);
    // What the server says at its next start (api/server/backend.ts), and said nothing of before.
    expect(await adminTokenNotice(db(), TOKEN)).toBe(ADMIN_TOKEN_REFUSED_LOG);
    expect(await adminTokenNotice(db(), undefined)).toBeNull();
    // The right secret is no guess: it is not counted against the address.
    expect(await listLogins(db(), { limit: 10 })).toEqual([]);
  });

  it('lets an operator’s token write, and refuses a viewer’s with 403 naming the scope it needs', async () => {
    const api = apiFor(database(), { now: NOW });
    const { token } = await issueToken({ db: db(), now: NOW, operatorId, actor: CLI });
    expect((await api.post('/api/v1/incidents', INCIDENT, { Authorization: `Bearer ${token}` })).status).toBe(201);
    const { id: viewerId } = await createOperator({
      db: db(),
      now: NOW,
      input: { email: 'viewer@example.jp', role: 'viewer' },
      actor: CLI,
    });
    const viewer = await issueToken({ db: db(), now: NOW, operatorId: viewerId, actor: CLI });
    const refused = await api.post('/api/v1/incidents', INCIDENT, { Authorization: `Bearer ${viewer.token}` });
    expect(refused.status).toBe(403);
    expect(refused.headers.get('Content-Type')).toContain('application/problem+json');
    expect((await refused.json()).detail).toContain('"incidents"');
    const overdue = await api.send('GET', '/api/v1/incidents/overdue', undefined, {
      Authorization: `Bearer ${viewer.token}`,
    });
    expect(overdue.status).toBe(200);
    // A token narrowed to reading cannot write, whatever its operator's role.
    const narrow = await issueToken({ db: db(), now: NOW, operatorId, scopes: ['read'], actor: CLI });
    const narrowed = await api.post('/api/v1/components', { name: 'x' }, { Authorization: `Bearer ${narrow.token}` });
    expect(narrowed.status).toBe(403);
    expect((await narrowed.json()).detail).toContain('"components"');
  });

  it('fails a revoked token, a disabled operator’s and an expired one on the very next request, each with the same 401', async () => {
    const api = apiFor(database(), { now: NOW });
    const revoked = await issueToken({ db: db(), now: NOW, operatorId, actor: CLI });
    const expiring = await issueToken({ db: db(), now: NOW, operatorId, expiresDays: 1, actor: CLI });
    const auth = (t: string) => ({ Authorization: `Bearer ${t}` });
    expect((await api.post('/api/v1/incidents', INCIDENT, auth(revoked.token))).status).toBe(201);
    await revokeToken({ db: db(), now: NOW, id: revoked.id, actor: CLI });
    const answers = [await api.post('/api/v1/incidents', INCIDENT, auth(revoked.token))];
    api.setNow(new Date(NOW.getTime() + 86_400_000));
    answers.push(await api.post('/api/v1/incidents', INCIDENT, auth(expiring.token)));
    const { id: otherId } = await createOperator({
      db: db(),
      now: NOW,
      input: { email: 'leaver@example.jp', role: 'operator' },
      actor: CLI,
    });
    const leaver = await issueToken({ db: db(), now: NOW, operatorId: otherId, actor: CLI });
    expect((await api.post('/api/v1/incidents', INCIDENT, auth(leaver.token))).status).toBe(201);
    await updateOperator({ db: db(), now: NOW, who: { id: otherId }, input: { disabled: true }, actor: CLI });
    answers.push(await api.post('/api/v1/incidents', INCIDENT, auth(leaver.token)));
    answers.push(await api.post('/api/v1/incidents', INCIDENT, auth('shirase_not-a-token')));
    expect(answers.map((r) => r.status)).toEqual([401, 401, 401, 401]);
    const bodies = await Promise.all(answers.map((r) => r.json()));
    expect(new Set(bodies.map((b) => b.detail)).size).toBe(1);
    const logins = await listLogins(db(), { limit: 4 });
    expect(logins.map((l) => [l.outcome, l.email, l.via, l.success])).toEqual([
      ['bad_token', '', 'api', false],
      ['disabled', 'leaver@example.jp', 'api', false],
      ['expired_token', 'ops@example.jp', 'api', false],
      ['revoked_token', 'ops@example.jp', 'api', false],
    ]);
  });

  it('never matches an empty bearer token', async () => {
    const api = apiFor(database(), { now: NOW });
    expect((await api.post('/api/v1/incidents', INCIDENT, { Authorization: 'Bearer ' })).status).toBe(401);
    expect((await api.post('/api/v1/incidents', INCIDENT, { Authorization: 'Bearer' })).status).toBe(401);
  });
});

describe('throttling of failed API authentication', () => {
  const database = withDatabase();

  it('answers 429 with Retry-After after 10 wrong tokens from one address, records them and one throttled row, and serves another address', async () => {
    const api = apiFor(database(), { now: NOW });
    const { id } = await createOperator({
      db: database().db,
      now: NOW,
      input: { email: 'ops@example.jp', role: 'operator' },
      actor: CLI,
    });
    const { token } = await issueToken({ db: database().db, now: NOW, operatorId: id, actor: CLI });
    const statuses: number[] = [];
    let last: Response | undefined;
    for (let i = 0; i < 50; i++) {
      last = await from(api, '203.0.113.66', `shirase_guess${i}`);
      statuses.push(last.status);
    }
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
    expect(new Set(statuses.slice(10))).toEqual(new Set([429]));
    expect(last!.headers.get('Content-Type')).toContain('application/problem+json');
    expect(Number(last!.headers.get('Retry-After'))).toBeGreaterThan(0);
    expect(((await last!.json()) as { title: string }).title).toBe('リクエストが多すぎます');
    // While throttled the token is not even looked at: a right one from that address waits too.
    expect((await from(api, '203.0.113.66', token)).status).toBe(429);
    expect((await from(api, '198.51.100.5', token)).status).toBe(201);
    const rows = await listLogins(database().db, { limit: 100 });
    expect(rows.filter((r) => r.outcome === 'bad_token')).toHaveLength(10);
    expect(rows.filter((r) => r.outcome === 'throttled')).toHaveLength(1);
    expect(rows.every((r) => r.ip === '203.0.113.66' && r.browser === null)).toBe(true);
    expect(rows[0]).toMatchObject({ outcome: 'throttled', userAgent: 'curl/8.5.0' });
  });
});

describe('throttling before any operator or ADMIN_TOKEN exists', () => {
  const database = withDatabase();

  it('still counts and records wrong tokens while writes answer 503, so guessing meets 429 all the same', async () => {
    const api = apiFor(database(), { now: NOW, adminToken: undefined });
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push((await from(api, '203.0.113.7', `guess${i}`)).status);
    expect(statuses).toEqual([...Array(10).fill(503), 429, 429]);
    expect((await listLogins(database().db, { limit: 20 })).map((r) => r.outcome)).toEqual([
      'throttled',
      ...Array(10).fill('bad_token'),
    ]);
  });
});
