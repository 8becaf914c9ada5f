import { createHash, randomBytes } from 'node:crypto';
import { and, desc, eq, isNull } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { operatorTokens, operators } from '../../db/schema/index.ts';
import { ConflictError, fieldIssue, NotFoundError, ValidationError } from '../core/errors.ts';
import { newId } from '../core/ids.ts';
import { parseInput } from '../core/input/common.ts';
import { say } from '../core/messages/say.ts';
import { toIsoOffset } from '../core/time.ts';
import type { Actor } from './actor.ts';
import { auditCommand } from './audit.ts';
import { issueTokenInput } from './input.ts';
import type { Operator } from './operators.ts';
import { getOperator } from './operators.ts';
import { type LoginOutcome, ROLE_SCOPES, type Scope } from './vocab.ts';

export type Token = typeof operatorTokens.$inferSelect;

const TOKEN_PREFIX = 'shirase_';
/** `shirase_` and 4 characters of the secret: enough to tell one's tokens apart, far too little to guess from. */
const SHOWN_PREFIX_LENGTH = TOKEN_PREFIX.length + 4;
/** `last_used_at` is written at most this often per token, so that an API client's every request is not a write. */
const LAST_USED_GRANULARITY_MS = 60_000;

const digest = (token: string) => createHash('sha256').update(token).digest('hex');

export function tokenView(t: Token) {
  return {
    id: t.id,
    operator_id: t.operatorId,
    label: t.label,
    prefix: t.prefix,
    scopes: t.scopes,
    created_at: toIsoOffset(t.createdAt),
    expires_at: t.expiresAt && toIsoOffset(t.expiresAt),
    last_used_at: t.lastUsedAt && toIsoOffset(t.lastUsedAt),
    revoked_at: t.revokedAt && toIsoOffset(t.revokedAt),
  };
}

/**
 * A new API token for `operatorId`: `shirase_` and 32 random bytes (256 bits) in base64url, returned
 * once and kept only as its SHA-256. Without `scopes` it gets every scope its operator's role holds
 * now; `within` (the scopes of the credential asking, when it is a token) caps what it may hand out,
 * so that a narrow token cannot mint a wider one.
 */
export async function issueToken({
  db,
  now,
  operatorId,
  scopes,
  expiresDays,
  label,
  actor,
  within,
}: {
  db: Db;
  now: Date;
  operatorId: string;
  scopes?: readonly string[] | undefined;
  expiresDays?: number | undefined;
  label?: string | null | undefined;
  actor: Actor;
  within?: readonly Scope[] | null;
}): Promise<{ id: string; token: string }> {
  const data = parseInput(issueTokenInput, {
    ...(scopes !== undefined && { scopes }),
    ...(expiresDays !== undefined && { expires_days: expiresDays }),
    ...(label != null && { label }),
  });
  const operator = await getOperator(db, operatorId);
  // It could never be used: every request with it would fail as the operator's.
  if (operator.disabledAt) throw new ConflictError(say('operator.disabled'));
  const granted = data.scopes
    ? [...new Set(data.scopes)]
    : ROLE_SCOPES[operator.role].filter((s) => !within || within.includes(s));
  const beyond = granted.find((s) => !ROLE_SCOPES[operator.role].includes(s) || (within && !within.includes(s)));
  if (beyond)
    throw new ValidationError([
      fieldIssue('scopes', say('field.scopeBeyondRole', { scope: beyond, role: operator.role })),
    ]);
  const token = TOKEN_PREFIX + randomBytes(32).toString('base64url');
  const id = newId();
  await db.transaction(async (tx) => {
    const [row] = await tx
      .insert(operatorTokens)
      .values({
        id,
        operatorId,
        label: data.label ?? null,
        tokenHash: digest(token),
        prefix: token.slice(0, SHOWN_PREFIX_LENGTH),
        scopes: granted,
        createdAt: now,
        expiresAt: data.expires_days ? new Date(now.getTime() + data.expires_days * 86_400_000) : null,
      })
      .returning();
    await auditCommand(tx as Db, now, actor, 'token issue', {
      targetType: 'token',
      targetId: id,
      after: tokenView(row!),
    });
  });
  return { id, token };
}

/** An operator's tokens, newest first, revoked and expired ones included (marked so). */
export async function listTokens(db: Db, operatorId: string): Promise<Token[]> {
  return db
    .select()
    .from(operatorTokens)
    .where(eq(operatorTokens.operatorId, operatorId))
    .orderBy(desc(operatorTokens.createdAt), desc(operatorTokens.id));
}

/**
 * Revokes a token; the next request with it fails. `operatorId` limits it to that person's tokens
 * (another's answers as not found, as an unknown id does). Revoking twice changes nothing.
 */
export async function revokeToken({
  db,
  now,
  id,
  operatorId,
  actor,
}: {
  db: Db;
  now: Date;
  id: string;
  operatorId?: string;
  actor: Actor;
}): Promise<Token> {
  return db.transaction(async (tx) => {
    const [before] = await tx
      .select()
      .from(operatorTokens)
      .where(and(eq(operatorTokens.id, id), ...(operatorId ? [eq(operatorTokens.operatorId, operatorId)] : [])))
      .for('update');
    if (!before) throw new NotFoundError('token', id);
    if (before.revokedAt) return before;
    const [after] = await tx
      .update(operatorTokens)
      .set({ revokedAt: now })
      .where(and(eq(operatorTokens.id, id), isNull(operatorTokens.revokedAt)))
      .returning();
    await auditCommand(tx as Db, now, actor, 'token revoke', {
      targetType: 'token',
      targetId: id,
      before: tokenView(before),
      after: tokenView(after!),
    });
    return after!;
  });
}

export type TokenCheck =
  | { operator: Operator; scopes: Scope[]; tokenId: string }
  | { failure: LoginOutcome; operator: Operator | null };

/**
 * Who a bearer token belongs to, or why it fails: `bad_token` (no such token), `revoked_token`,
 * `expired_token`, `disabled` (its operator). One indexed lookup; the caller answers every failure
 * alike, the reason is for the login history.
 */
export async function authenticateToken({ db, now, token }: { db: Db; now: Date; token: string }): Promise<TokenCheck> {
  if (!token.startsWith(TOKEN_PREFIX)) return { failure: 'bad_token', operator: null };
  const [row] = await db
    .select({ token: operatorTokens, operator: operators })
    .from(operatorTokens)
    .innerJoin(operators, eq(operators.id, operatorTokens.operatorId))
    .where(eq(operatorTokens.tokenHash, digest(token)));
  if (!row) return { failure: 'bad_token', operator: null };
  const { operator } = row;
  if (operator.disabledAt && operator.disabledAt <= now) return { failure: 'disabled', operator };
  if (row.token.revokedAt && row.token.revokedAt <= now) return { failure: 'revoked_token', operator };
  if (row.token.expiresAt && row.token.expiresAt <= now) return { failure: 'expired_token', operator };
  const last = row.token.lastUsedAt;
  if (!last || now.getTime() - last.getTime() >= LAST_USED_GRANULARITY_MS)
    await db.update(operatorTokens).set({ lastUsedAt: now }).where(eq(operatorTokens.id, row.token.id));
  return { operator, scopes: row.token.scopes as Scope[], tokenId: row.token.id };
}
