import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../api/http/app.ts';
import { listAudit } from '../../api/operators/audit.ts';
import { recordLogin } from '../../api/operators/login-history.ts';
import { issueToken } from '../../api/operators/tokens.ts';
import type { Database } from '../../db/client.ts';
import { apiFor, TOKEN } from '../support/api.ts';
import { openTestDatabase } from '../support/db.ts';
import { settingsFrom } from '../support/settings.ts';

const NOW = new Date('2026-11-28T10:00:00+09:00');
const PASSWORD = 'correct horse 42 battery';
const CLI = { operatorId: null, email: 'cli:tester', via: 'cli', ip: null } as const;

/** A fresh database per describe: the audit log cannot be emptied, by design. */
function withApi() {
  let database: Database;
  let api: ReturnType<typeof apiFor>;
  beforeAll(async () => {
    database = await openTestDatabase('pglite');
    api = apiFor(database, { now: NOW });
  });
  afterAll(async () => database?.close());
  return {
    db: () => database.db,
    /** A request as the server's socket delivers it, from `address`. */
    call: (method: string, path: string, token: string, body?: unknown, address = '192.0.2.1') =>
      api.app.request(
        path,
        {
          method,
          headers: {
            Authorization: `Bearer ${token}`,
            'User-Agent': 'curl/8.5.0',
            ...(body !== undefined && { 'Content-Type': 'application/json' }),
          },
          ...(body !== undefined && { body: JSON.stringify(body) }),
        },
        { incoming: { socket: { remoteAddress: address } } },
      ),
  };
}

const fieldsOf = async (res: Response) => ((await res.json()).errors as { field: string }[]).map((e) => e.field).sort();

describe('operators and tokens through /api/v1', () => {
  const { db, call } = withApi();
  let adminId: string;
  let adminEmail: string;
  let admin: string;
  let operatorId: string;
  let operator: string;

  it('creates the first admin with ADMIN_TOKEN at most once when two requests race, then refuses ADMIN_TOKEN', async () => {
    const [a, b] = await Promise.all(
      ['a@example.jp', 'b@example.jp'].map((email) =>
        call('POST', '/api/v1/operators', TOKEN, { email, role: 'admin', password: PASSWORD }),
      ),
    );
    expect([a!.status, b!.status].sort()).toEqual([201, 409]);
    const created = await (a!.status === 201 ? a! : b!).json();
    expect(created).toMatchObject({ role: 'admin', has_password: true, disabled: false });
    expect(JSON.stringify(created)).not.toMatch(/argon2|hash/);
    adminId = created.id;
    adminEmail = created.email;
    expect((await call('GET', '/api/v1/operators', TOKEN)).status).toBe(401);
    // Past the bootstrap, an admin's first token comes from the CLI (core here).
    admin = (await issueToken({ db: db(), now: NOW, operatorId: adminId, actor: CLI })).token;
  });

  it('lets an admin create, list and change operators, naming each bad field with 422', async () => {
    const res = await call('POST', '/api/v1/operators', admin, {
      email: 'Ops@Example.jp',
      role: 'operator',
      name: '運用',
    });
    expect(res.status).toBe(201);
    const created = await res.json();
    operatorId = created.id;
    expect(res.headers.get('Location')).toBe(`/api/v1/operators/${operatorId}`);
    expect(created).toMatchObject({ email: 'ops@example.jp', name: '運用', has_password: false });
    const bad = await call('POST', '/api/v1/operators', admin, { email: 'nope', role: 'root', password: 'short' });
    expect(bad.status).toBe(422);
    expect(bad.headers.get('Content-Type')).toContain('application/problem+json');
    expect(await fieldsOf(bad)).toEqual(['email', 'role']);
    const weak = await call('POST', '/api/v1/operators', admin, {
      email: 'x@example.jp',
      role: 'viewer',
      password: 'short',
    });
    expect(await fieldsOf(weak)).toEqual(['password']);
    const taken = await call('POST', '/api/v1/operators', admin, { email: 'OPS@example.jp', role: 'viewer' });
    expect(taken.status).toBe(409);
    expect(await fieldsOf(await call('PATCH', `/api/v1/operators/${operatorId}`, admin, { disabled: 'yes' }))).toEqual([
      'disabled',
    ]);
    const list = await (await call('GET', '/api/v1/operators', admin)).json();
    expect(list.operators.map((o: { email: string }) => o.email)).toEqual([adminEmail, 'ops@example.jp']);
    const lastAdmin = await call('PATCH', `/api/v1/operators/${adminId}`, admin, { role: 'viewer' });
    expect(lastAdmin.status).toBe(409);
  });

  it('shows a new token once, lists one’s own tokens without it, and keeps others’ to admins', async () => {
    operator = (await issueToken({ db: db(), now: NOW, operatorId, actor: CLI })).token;
    const res = await call('POST', '/api/v1/tokens', operator, {
      label: 'deploy bot',
      scopes: ['incidents'],
      expires_days: 30,
    });
    expect(res.status).toBe(201);
    const issued = await res.json();
    expect(issued).toMatchObject({
      operator_id: operatorId,
      label: 'deploy bot',
      scopes: ['incidents'],
      expires_at: '2026-12-28T10:00:00.000+09:00',
    });
    expect(issued.token).toMatch(/^shirase_[A-Za-z0-9_-]{43}$/);
    const mine = await (await call('GET', '/api/v1/tokens', operator)).json();
    expect(mine.tokens).toHaveLength(2);
    expect(JSON.stringify(mine)).not.toContain(issued.token);
    expect((await call('GET', `/api/v1/tokens?operator_id=${adminId}`, operator)).status).toBe(403);
    expect((await call('GET', `/api/v1/tokens?operator_id=${operatorId}`, admin)).status).toBe(200);
    expect((await call('POST', '/api/v1/operators', operator, { email: 'y@example.jp', role: 'viewer' })).status).toBe(
      403,
    );
    // A narrow token cannot mint a wider one.
    const wider = await call('POST', '/api/v1/tokens', issued.token, { scopes: ['incidents', 'notify'] });
    expect(wider.status).toBe(403);
  });

  it('revokes one’s own token, which fails on its next use; another’s is not found to a non-admin', async () => {
    const { id, token } = await (await call('POST', '/api/v1/tokens', operator, { label: 'laptop' })).json();
    const adminsOwn = await (await call('POST', '/api/v1/tokens', admin, { label: 'spare' })).json();
    expect((await call('DELETE', `/api/v1/tokens/${adminsOwn.id}`, operator)).status).toBe(404);
    const revoked = await call('DELETE', `/api/v1/tokens/${id}`, operator);
    expect(revoked.status).toBe(200);
    expect((await revoked.json()).revoked_at).toBe('2026-11-28T10:00:00.000+09:00');
    expect((await call('GET', '/api/v1/tokens', token)).status).toBe(401);
    expect((await call('DELETE', `/api/v1/tokens/${adminsOwn.id}`, admin)).status).toBe(200);
  });
});

describe('the OpenAPI document', () => {
  const { call } = withApi();

  it('describes the operator, token, audit-log and login-history routes, with 403 and 429 where a token is needed', async () => {
    const doc = await (await call('GET', '/api/v1/openapi.json', '')).json();
    for (const p of ['/operators', '/operators/{id}', '/tokens', '/tokens/{id}', '/audit-log', '/login-history'])
      expect(Object.keys(doc.paths)).toContain(`/api/v1${p}`);
    expect(Object.keys(doc.paths['/api/v1/tokens'].post.responses)).toEqual(
      expect.arrayContaining(['201', '401', '403', '422', '429']),
    );
    expect(Object.keys(doc.paths['/api/v1/audit-log'].get.responses)).toEqual(
      expect.arrayContaining(['401', '403', '429']),
    );
  });
});

describe('the audit log and the login history through /api/v1', () => {
  const { db, call } = withApi();
  let admin: string;
  let operator: string;

  beforeAll(async () => {
    const created = await (
      await call('POST', '/api/v1/operators', TOKEN, { email: 'admin@example.jp', role: 'admin' })
    ).json();
    admin = (await issueToken({ db: db(), now: NOW, operatorId: created.id, actor: CLI })).token;
    const op = await (
      await call('POST', '/api/v1/operators', admin, { email: 'ops@example.jp', role: 'operator' })
    ).json();
    operator = (await issueToken({ db: db(), now: NOW, operatorId: op.id, actor: CLI })).token;
  });

  it('shows an API write with who, from where, what, and the target before and after', async () => {
    const opened = await call(
      'POST',
      '/api/v1/incidents',
      operator,
      { name: '遅延', body: '調査しています。' },
      '198.51.100.4',
    );
    const incident = await opened.json();
    const update = { status: 'identified', body: '原因を特定しました。' };
    expect(
      (await call('POST', `/api/v1/incidents/${incident.id}/updates`, operator, update, '198.51.100.4')).status,
    ).toBe(201);
    const res = await call('GET', '/api/v1/audit-log?limit=2', admin);
    expect(res.status).toBe(200);
    const [posted, created] = (await res.json()).entries;
    expect(posted).toMatchObject({
      at: '2026-11-28T10:00:00.000+09:00',
      email: 'ops@example.jp',
      actor: 'ops@example.jp',
      via: 'api',
      ip: '198.51.100.4',
      action: `POST /api/v1/incidents/${incident.id}/updates`,
      target_type: 'incident',
      target_id: incident.id,
    });
    expect(posted.before.status).toBe('investigating');
    expect(posted.before.updates).toHaveLength(1);
    expect(posted.after.status).toBe('identified');
    expect(posted.after.updates).toHaveLength(2);
    expect(created).toMatchObject({ action: 'POST /api/v1/incidents', target_id: incident.id, before: null });
    expect(created.after.name).toBe('遅延');
    expect(posted.id).toBeGreaterThan(created.id);
  });

  it('records a deletion with nothing after, a refused write not at all, and filters and pages the log', async () => {
    const incident = await (await call('POST', '/api/v1/incidents', operator, { name: '試験', body: '誤投稿' })).json();
    expect((await call('DELETE', `/api/v1/incidents/${incident.id}`, operator, { reason: 'a test' })).status).toBe(200);
    expect((await call('POST', '/api/v1/incidents', operator, { name: '' })).status).toBe(422);
    const entries = async (query: string) =>
      (await (await call('GET', `/api/v1/audit-log${query}`, admin)).json()).entries;
    const [deleted] = await entries('?limit=1');
    expect(deleted).toMatchObject({ action: `DELETE /api/v1/incidents/${incident.id}`, after: null });
    expect(deleted.before.name).toBe('試験');
    expect((await entries('?operator=ADMIN@example.jp')).map((e: { action: string }) => e.action)).toEqual([
      'api: operator create',
    ]);
    expect((await entries('?target_type=operator')).map((e: { actor: string }) => e.actor)).toEqual([
      'admin@example.jp',
      'ADMIN_TOKEN',
    ]);
    expect((await entries('?operator=nobody@example.jp')).length).toBe(0);
    const all = await entries('');
    expect((await entries(`?before=${all[1].id}&limit=1`)).map((e: { id: number }) => e.id)).toEqual([all[2].id]);
    const bad = await call('GET', '/api/v1/audit-log?limit=501&before=x', admin);
    expect(bad.status).toBe(422);
    expect(await fieldsOf(bad)).toEqual(['before', 'limit']);
    expect((await call('GET', '/api/v1/audit-log', operator)).status).toBe(403);
  });

  it('answers a write to a path with a malformed escape as the route does (404), not 500', async () => {
    const update = { status: 'identified', body: 'x' };
    expect((await call('POST', '/api/v1/incidents/%E0/updates', operator, update)).status).toBe(404);
    expect((await call('DELETE', '/api/v1/contacts/%E0', operator)).status).toBe(404);
  });

  it('audits a component change with its state before and after, read from the list (no route reads one)', async () => {
    const component = await (await call('POST', '/api/v1/components', operator, { name: '請求書' })).json();
    const patch = await call('PATCH', `/api/v1/components/${component.id}`, operator, { status: 'major_outage' });
    expect(patch.status).toBe(200);
    const [changed] = (await (await call('GET', '/api/v1/audit-log?limit=1', admin)).json()).entries;
    expect(changed).toMatchObject({ target_type: 'component', target_id: component.id });
    expect([changed.before.status, changed.after.status]).toEqual(['operational', 'major_outage']);
  });

  it('shows admins everyone’s login history and others their own, with the device read from the user agent', async () => {
    const ua =
      'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';
    const ops = await (await call('GET', '/api/v1/operators', admin)).json();
    const opsId = ops.operators.find((o: { email: string }) => o.email === 'ops@example.jp').id;
    await recordLogin(db(), {
      at: NOW,
      email: 'ops@example.jp',
      operatorId: opsId,
      ip: '203.0.113.9',
      userAgent: ua,
      via: 'console',
      outcome: 'ok',
    });
    await recordLogin(db(), {
      at: NOW,
      email: 'admin@example.jp',
      ip: '203.0.113.10',
      userAgent: null,
      via: 'console',
      outcome: 'wrong_password',
    });
    const everyone = (await (await call('GET', '/api/v1/login-history', admin)).json()).entries;
    expect(everyone.map((e: { email: string }) => e.email)).toEqual(['admin@example.jp', 'ops@example.jp']);
    const own = (await (await call('GET', '/api/v1/login-history', operator)).json()).entries;
    expect(own).toEqual([
      {
        id: expect.any(Number),
        at: '2026-11-28T10:00:00.000+09:00',
        email: 'ops@example.jp',
        operator_id: opsId,
        ip: '203.0.113.9',
        browser: 'Safari 17.5',
        os: 'iOS 17.5',
        device: 'mobile',
        user_agent: ua,
        via: 'console',
        success: true,
        outcome: 'ok',
      },
    ]);
  });
});

describe('the audit of API writes beside API_RATE_LIMIT', () => {
  let database: Database;
  beforeAll(async () => {
    database = await openTestDatabase('pglite');
  });
  afterAll(async () => database?.close());

  it('reads the target before and after without counting those reads against the writer’s address', async () => {
    const app = createApp({
      db: database.db,
      now: () => NOW,
      adminToken: TOKEN,
      settings: settingsFrom(),
      apiRateLimit: 3,
    });
    const send = (method: string, path: string, body: unknown) =>
      app.request(
        path,
        {
          method,
          headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' },
          body: JSON.stringify(body),
        },
        { incoming: { socket: { remoteAddress: '198.51.100.20' } } },
      );
    const incident = await (await send('POST', '/api/v1/incidents', { name: '遅延', body: '調査中' })).json();
    const update = { status: 'identified', body: '特定しました。' };
    expect((await send('POST', `/api/v1/incidents/${incident.id}/updates`, update)).status).toBe(201);
    expect(
      (await send('POST', `/api/v1/incidents/${incident.id}/updates`, { ...update, status: 'resolved' })).status,
    ).toBe(201);
    const [last] = await listAudit(database.db, { limit: 1 });
    expect([(last!.before as { status: string }).status, (last!.after as { status: string }).status]).toEqual([
      'identified',
      'resolved',
    ]);
  });
});
