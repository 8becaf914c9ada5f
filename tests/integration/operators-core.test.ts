import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Actor } from '../../api/operators/actor.ts';
import { listAudit } from '../../api/operators/audit.ts';
import { listLogins, recentFailures, recordLogin } from '../../api/operators/login-history.ts';
import {
  anyAdminExists,
  createOperator,
  disableOperator,
  findOperatorByEmail,
  getOperator,
  setPassword,
  updateOperator,
} from '../../api/operators/operators.ts';
import { checkPasswordStrength, verifyPassword } from '../../api/operators/password.ts';
import { authenticateToken, issueToken, listTokens, revokeToken } from '../../api/operators/tokens.ts';
import type { Database } from '../../db/client.ts';
import { operatorSessions, operatorTokens } from '../../db/schema/index.ts';
import { type DbKind, openTestDatabase } from '../support/db.ts';

const NOW = new Date('2026-12-01T10:00:00+09:00');
const later = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000);
const CLI: Actor = { operatorId: null, email: 'cli:tester', via: 'cli', ip: null };
const PASSWORD = 'correct horse 42 battery';
const CHROME_ON_WINDOWS =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';

/** Each describe gets its own database: audit_log cannot be emptied between tests, by design. */
function withDatabase() {
  let database: Database;
  beforeAll(async () => {
    database = await openTestDatabase('pglite');
  });
  afterAll(async () => database?.close());
  return () => database.db;
}

const fieldsOf = async (p: Promise<unknown>) => {
  const err = (await p.then(
    () => null,
    (e: unknown) => e,
  )) as { code?: string; issues?: { field: string }[] } | null;
  return { code: err?.code, fields: err?.issues?.map((i) => i.field) ?? [] };
};

describe('operators', () => {
  const db = withDatabase();

  it('creates an operator with a lower-cased email and an argon2id hash the password verifies against', async () => {
    const { id } = await createOperator({
      db: db(),
      now: NOW,
      input: { email: ' Hanako@Example.JP ', role: 'admin', name: '花子', password: PASSWORD },
      actor: CLI,
    });
    const op = await getOperator(db(), id);
    expect(op.email).toBe('hanako@example.jp');
    expect(op.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await verifyPassword(op.passwordHash!, PASSWORD)).toBe(true);
    expect(await verifyPassword(op.passwordHash!, 'correct horse 42 batterY')).toBe(false);
    expect((await findOperatorByEmail(db(), 'HANAKO@example.jp'))?.id).toBe(id);
    expect(await anyAdminExists(db())).toBe(true);
    const [row] = await listAudit(db(), { limit: 1 });
    expect(row).toMatchObject({ actor: 'cli:tester', via: 'cli', action: 'cli: operator create', targetId: id });
    expect(row!.after).toMatchObject({ email: 'hanako@example.jp', role: 'admin', has_password: true });
    expect(JSON.stringify(row!.after)).not.toContain('argon2');
  });

  it('refuses a weak password, a bad email and an unknown role, naming each field', async () => {
    const create = (input: object) => fieldsOf(createOperator({ db: db(), now: NOW, input, actor: CLI }));
    expect(await create({ email: 'a@example.jp', role: 'viewer', password: 'short1!' })).toEqual({
      code: 'validation',
      fields: ['password'],
    });
    expect(await create({ email: 'not-an-address', role: 'root' })).toEqual({
      code: 'validation',
      fields: ['email', 'role'],
    });
  });

  it('refuses a second operator with the same email in another case', async () => {
    const result = await fieldsOf(
      createOperator({ db: db(), now: NOW, input: { email: 'HANAKO@example.jp', role: 'viewer' }, actor: CLI }),
    );
    expect(result).toEqual({ code: 'conflict', fields: ['email'] });
  });

  it('refuses to disable or demote the last enabled admin', async () => {
    const admin = (await findOperatorByEmail(db(), 'hanako@example.jp'))!;
    for (const input of [{ disabled: true }, { role: 'operator' }])
      expect(
        (await fieldsOf(updateOperator({ db: db(), now: NOW, who: { id: admin.id }, input, actor: CLI }))).code,
      ).toBe('conflict');
  });

  it('disabling ends the person’s sessions and tokens at once', async () => {
    const { id } = await createOperator({
      db: db(),
      now: NOW,
      input: { email: 'taro@example.jp', role: 'operator' },
      actor: CLI,
    });
    const { token } = await issueToken({ db: db(), now: NOW, operatorId: id, actor: CLI });
    await db()
      .insert(operatorSessions)
      .values({ idHash: 'h1', operatorId: id, csrfToken: 'c', createdAt: NOW, lastSeenAt: NOW, expiresAt: later(60) });
    await disableOperator({ db: db(), now: later(1), email: 'TARO@example.jp', actor: CLI });
    // A token for someone disabled could never be used: refused rather than handed out.
    expect((await fieldsOf(issueToken({ db: db(), now: later(1), operatorId: id, actor: CLI }))).code).toBe('conflict');
    expect(await authenticateToken({ db: db(), now: later(1), token })).toMatchObject({ failure: 'disabled' });
    const [session] = await db().select().from(operatorSessions);
    expect(session!.endedAt).toEqual(later(1));
    const enabled = await updateOperator({
      db: db(),
      now: later(2),
      who: { id },
      input: { disabled: false },
      actor: CLI,
    });
    expect(enabled.disabledAt).toBeNull();
    // Coming back does not revive what disabling ended.
    expect(await authenticateToken({ db: db(), now: later(2), token })).toMatchObject({ failure: 'revoked_token' });
  });

  it('a password change ends every other session of the person', async () => {
    const op = (await findOperatorByEmail(db(), 'taro@example.jp'))!;
    await db()
      .insert(operatorSessions)
      .values(
        ['keep', 'other'].map((idHash) => ({
          idHash,
          operatorId: op.id,
          csrfToken: 'c',
          createdAt: NOW,
          lastSeenAt: NOW,
          expiresAt: later(60),
        })),
      );
    await setPassword({
      db: db(),
      now: later(3),
      id: op.id,
      password: PASSWORD,
      actor: CLI,
      keepSessionIdHash: 'keep',
    });
    const sessions = await db()
      .select()
      .from(operatorSessions)
      .where(sql`${operatorSessions.idHash} in ('keep', 'other')`);
    expect(Object.fromEntries(sessions.map((s) => [s.idHash, s.endedAt]))).toEqual({ keep: null, other: later(3) });
    expect(await verifyPassword((await getOperator(db(), op.id)).passwordHash!, PASSWORD)).toBe(true);
  });

  // On PostgreSQL too when it is there: two connections really run at once.
  it.each(['pglite', ...(inject('postgresUrl') ? ['postgres'] : [])] as DbKind[])(
    'of two racing creations of the first admin under the bootstrap rule, one is refused [%s]',
    async (kind) => {
      const fresh = await openTestDatabase(kind);
      try {
        const create = (email: string) =>
          createOperator({
            db: fresh.db,
            now: NOW,
            input: { email, role: 'admin' },
            actor: { operatorId: null, email: 'ADMIN_TOKEN', via: 'api', ip: '192.0.2.1' },
            onlyWhileNoAdmin: true,
          });
        const results = await Promise.allSettled([create('a@example.jp'), create('b@example.jp')]);
        expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
        expect((results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason.code).toBe('conflict');
        const [row] = await listAudit(fresh.db, { limit: 5 });
        expect(row).toMatchObject({ actor: 'ADMIN_TOKEN', operatorId: null, email: null, ip: '192.0.2.1' });
      } finally {
        await fresh.close();
      }
    },
  );
});

describe('passwords', () => {
  it('asks for 12 characters of more than one kind that are not the email', () => {
    expect(checkPasswordStrength('Ab1!Ab1!Ab1')?.en).toContain('at least 12');
    expect(checkPasswordStrength('abcdefghijklmnop')?.en).toContain('mix');
    expect(checkPasswordStrength('123456789012345')?.en).toContain('mix');
    expect(checkPasswordStrength('ops1@example.jp', 'OPS1@example.jp')?.en).toContain('e-mail');
    expect(checkPasswordStrength('すずしい夏の夜に3回目の花火')).toBeNull();
  });
});

describe('tokens', () => {
  const db = withDatabase();
  let operatorId: string;
  let viewerId: string;
  beforeAll(async () => {
    ({ id: operatorId } = await createOperator({
      db: db(),
      now: NOW,
      input: { email: 'op@example.jp', role: 'operator' },
      actor: CLI,
    }));
    ({ id: viewerId } = await createOperator({
      db: db(),
      now: NOW,
      input: { email: 'v@example.jp', role: 'viewer' },
      actor: CLI,
    }));
  });

  it('issues 256 random bits once, keeps only their digest, and knows the token’s operator and scopes', async () => {
    const { id, token } = await issueToken({ db: db(), now: NOW, operatorId, label: 'CI', actor: CLI });
    expect(token).toMatch(/^shirase_[A-Za-z0-9_-]{43}$/);
    const [stored] = await db().select().from(operatorTokens).where(sql`${operatorTokens.id} = ${id}`);
    expect(JSON.stringify(stored)).not.toContain(token.slice(8));
    expect(stored!.prefix).toBe(token.slice(0, 12));
    const check = await authenticateToken({ db: db(), now: NOW, token });
    expect(check).toMatchObject({
      operator: { id: operatorId },
      scopes: ['read', 'incidents', 'maintenance', 'components', 'notify'],
    });
    expect(await authenticateToken({ db: db(), now: NOW, token: `${token}x` })).toMatchObject({ failure: 'bad_token' });
    expect(await authenticateToken({ db: db(), now: NOW, token: 'not-ours' })).toMatchObject({ failure: 'bad_token' });
  });

  it('refuses scopes beyond the operator’s role, and beyond the asking token’s', async () => {
    const refused = (p: Promise<unknown>) => fieldsOf(p);
    expect(
      await refused(issueToken({ db: db(), now: NOW, operatorId: viewerId, scopes: ['incidents'], actor: CLI })),
    ).toEqual({
      code: 'validation',
      fields: ['scopes'],
    });
    expect(
      await refused(
        issueToken({ db: db(), now: NOW, operatorId, scopes: ['incidents'], actor: CLI, within: ['read'] }),
      ),
    ).toEqual({ code: 'validation', fields: ['scopes'] });
    const { token } = await issueToken({ db: db(), now: NOW, operatorId, actor: CLI, within: ['read', 'notify'] });
    expect(await authenticateToken({ db: db(), now: NOW, token })).toMatchObject({ scopes: ['read', 'notify'] });
  });

  it('an expired token fails from its expiry on; a revoked one from the revocation on', async () => {
    const expiring = await issueToken({ db: db(), now: NOW, operatorId, expiresDays: 1, actor: CLI });
    expect(await authenticateToken({ db: db(), now: later(24 * 60 - 1), token: expiring.token })).toHaveProperty(
      'operator.id',
      operatorId,
    );
    expect(await authenticateToken({ db: db(), now: later(24 * 60), token: expiring.token })).toMatchObject({
      failure: 'expired_token',
    });
    const revoked = await issueToken({ db: db(), now: NOW, operatorId, actor: CLI });
    const other = await fieldsOf(
      revokeToken({ db: db(), now: later(5), id: revoked.id, operatorId: viewerId, actor: CLI }),
    );
    expect(other.code).toBe('not_found');
    await revokeToken({ db: db(), now: later(5), id: revoked.id, operatorId, actor: CLI });
    expect(await authenticateToken({ db: db(), now: later(5), token: revoked.token })).toMatchObject({
      failure: 'revoked_token',
    });
    const [audit] = await listAudit(db(), { limit: 1 });
    expect(audit).toMatchObject({ action: 'cli: token revoke', targetType: 'token', targetId: revoked.id });
    expect((audit!.after as { revoked_at: string }).revoked_at).toBe('2026-12-01T10:05:00.000+09:00');
  });

  it('records last use at most once a minute', async () => {
    const { id, token } = await issueToken({ db: db(), now: NOW, operatorId, actor: CLI });
    const lastUsed = async () => (await listTokens(db(), operatorId)).find((t) => t.id === id)!.lastUsedAt;
    await authenticateToken({ db: db(), now: later(1), token });
    await authenticateToken({ db: db(), now: new Date(later(1).getTime() + 59_000), token });
    expect(await lastUsed()).toEqual(later(1));
    await authenticateToken({ db: db(), now: later(2), token });
    expect(await lastUsed()).toEqual(later(2));
  });
});

describe('audit log and login history', () => {
  const db = withDatabase();

  it('refuses UPDATE and DELETE of audit rows', async () => {
    await createOperator({ db: db(), now: NOW, input: { email: 'a@example.jp', role: 'admin' }, actor: CLI });
    // Drizzle wraps the database's error ("Failed query: …") and keeps it as the cause.
    const refusal = (p: Promise<unknown>) =>
      p.then(
        () => 'done',
        (e: Error) => String((e.cause as Error | undefined)?.message ?? e.message),
      );
    expect(await refusal(db().execute(sql`UPDATE audit_log SET actor = 'someone else'`))).toMatch(
      /append-only: UPDATE/,
    );
    expect(await refusal(db().execute(sql`DELETE FROM audit_log`))).toMatch(/append-only: DELETE/);
    expect(await listAudit(db(), { limit: 10 })).toHaveLength(1);
  });

  it('lists the audit log newest first with the operator’s current email, filtered and paged', async () => {
    const admin = (await findOperatorByEmail(db(), 'a@example.jp'))!;
    const me: Actor = { operatorId: admin.id, email: admin.email, via: 'api', ip: '192.0.2.9' };
    const { id } = await createOperator({
      db: db(),
      now: later(1),
      input: { email: 'b@example.jp', role: 'viewer' },
      actor: me,
    });
    await updateOperator({ db: db(), now: later(2), who: { id }, input: { name: 'B' }, actor: me });
    const all = await listAudit(db(), { limit: 10 });
    expect(all.map((r) => r.action)).toEqual(['api: operator update', 'api: operator create', 'cli: operator create']);
    expect(all[0]).toMatchObject({ email: 'a@example.jp', actor: 'a@example.jp', ip: '192.0.2.9', targetId: id });
    expect(all[0]!.before).toMatchObject({ name: null });
    expect(all[0]!.after).toMatchObject({ name: 'B' });
    expect((await listAudit(db(), { limit: 10, operatorId: admin.id })).map((r) => r.action)).toHaveLength(2);
    expect(await listAudit(db(), { limit: 10, action: 'cli:' })).toHaveLength(1);
    expect(await listAudit(db(), { limit: 10, action: '%' })).toHaveLength(0);
    expect((await listAudit(db(), { limit: 1, before: all[0]!.id })).map((r) => r.id)).toEqual([all[1]!.id]);
  });

  it('keeps each login attempt with the device read from the user agent, and counts recent failures', async () => {
    const admin = (await findOperatorByEmail(db(), 'a@example.jp'))!;
    const attempt = {
      email: 'A@example.jp',
      ip: '198.51.100.7',
      userAgent: CHROME_ON_WINDOWS,
      via: 'console',
    } as const;
    await recordLogin(db(), { ...attempt, at: NOW, operatorId: admin.id, outcome: 'wrong_password' });
    await recordLogin(db(), { ...attempt, at: later(1), operatorId: admin.id, outcome: 'second_factor_required' });
    await recordLogin(db(), { ...attempt, at: later(2), operatorId: admin.id, outcome: 'ok' });
    await recordLogin(db(), {
      ...attempt,
      at: later(3),
      email: 'nobody@example.jp',
      userAgent: null,
      outcome: 'unknown_account',
    });
    const [newest, ok] = await listLogins(db(), { limit: 10 });
    expect(newest).toMatchObject({ email: 'nobody@example.jp', operatorId: null, browser: null, success: false });
    expect(ok).toMatchObject({
      email: 'a@example.jp',
      browser: 'Chrome 131.0.0.0',
      os: 'Windows 10',
      device: 'desktop',
      success: true,
    });
    expect(await listLogins(db(), { limit: 10, operatorId: admin.id })).toHaveLength(3);
    expect(await recentFailures(db(), { now: later(3), ip: '198.51.100.7', windowMinutes: 5 })).toBe(2);
    expect(await recentFailures(db(), { now: later(3), email: 'a@EXAMPLE.jp', windowMinutes: 5 })).toBe(1);
    expect(await recentFailures(db(), { now: later(6), email: 'a@example.jp', windowMinutes: 5 })).toBe(0);
  });

  it('records an attempt whose email or user agent carries a NUL or a lone surrogate, without them', async () => {
    await recordLogin(db(), {
      at: later(10),
      email: 'x\u0000y@example.jp',
      ip: '198.51.100.8',
      userAgent: 'curl\u0000/8 \ud800',
      via: 'console',
      outcome: 'unknown_account',
    });
    const [row] = await listLogins(db(), { limit: 1 });
    expect(row).toMatchObject({ email: 'xy@example.jp', userAgent: 'curl/8 \ufffd' });
  });
});
