import { and, asc, eq, isNull, ne, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { operatorSessions, operatorTokens, operators } from '../../db/schema/index.ts';
import { ConflictError, fieldIssue, NotFoundError, ValidationError } from '../core/errors.ts';
import { newId } from '../core/ids.ts';
import { parseInput } from '../core/input/common.ts';
import { say } from '../core/messages/say.ts';
import { toIsoOffset } from '../core/time.ts';
import type { Actor } from './actor.ts';
import { auditCommand } from './audit.ts';
import { createOperatorInput, operatorEmail, updateOperatorInput } from './input.ts';
import { checkPasswordStrength, hashPassword } from './password.ts';
import type { OperatorRole } from './vocab.ts';

export type Operator = typeof operators.$inferSelect;

/**
 * Held inside every transaction that could change who the admins are, so that "no admin yet" (the
 * bootstrap token's condition) and "another admin remains" are read and acted on by one at a time,
 * on PostgreSQL across instances as well. Any constant: advisory locks are scoped to the database.
 */
const ADMINS_LOCK_KEY = 0x4f50_4552;
const lockAdmins = (tx: Db) => tx.execute(sql`select pg_advisory_xact_lock(${ADMINS_LOCK_KEY})`);

/** The operator as the audit log and the API show it: never the password hash or the TOTP secret. */
export function operatorView(o: Operator) {
  return {
    id: o.id,
    email: o.email,
    name: o.name,
    role: o.role,
    disabled: o.disabledAt !== null,
    disabled_at: o.disabledAt && toIsoOffset(o.disabledAt),
    has_password: o.passwordHash !== null,
    second_factor: o.totpSecret !== null,
    created_at: toIsoOffset(o.createdAt),
    updated_at: toIsoOffset(o.updatedAt),
  };
}

function isUniqueViolation(err: unknown): boolean {
  for (let e = err; e instanceof Error; e = e.cause) if ((e as { code?: string }).code === '23505') return true;
  return false;
}

/** Whether an admin account exists (disabled or not: the bootstrap token never comes back). */
export async function anyAdminExists(db: Db): Promise<boolean> {
  const rows = await db.select({ id: operators.id }).from(operators).where(eq(operators.role, 'admin')).limit(1);
  return rows.length > 0;
}

/** Whether anyone at all can hold a token. */
export async function anyOperatorExists(db: Db): Promise<boolean> {
  return (await db.select({ id: operators.id }).from(operators).limit(1)).length > 0;
}

export async function findOperatorByEmail(db: Db, email: string): Promise<Operator | null> {
  const [row] = await db
    .select()
    .from(operators)
    .where(eq(sql`lower(${operators.email})`, email.trim().toLowerCase()));
  return row ?? null;
}

export async function getOperator(db: Db, id: string): Promise<Operator> {
  const [row] = await db.select().from(operators).where(eq(operators.id, id));
  if (!row) throw new NotFoundError('operator', id);
  return row;
}

export async function listOperators(db: Db): Promise<Operator[]> {
  return db.select().from(operators).orderBy(asc(operators.email));
}

/**
 * A new operator. `onlyWhileNoAdmin` (the bootstrap token's case) checks again, under the lock and in
 * the creating transaction, that no admin exists: of two racing requests, one creates and the other
 * gets a ConflictError.
 */
export async function createOperator({
  db,
  now,
  input,
  actor,
  onlyWhileNoAdmin = false,
}: {
  db: Db;
  now: Date;
  input: unknown;
  actor: Actor;
  onlyWhileNoAdmin?: boolean;
}): Promise<{ id: string }> {
  const data = parseInput(createOperatorInput, input);
  let passwordHash: string | null = null;
  if (data.password !== undefined) {
    const weak = checkPasswordStrength(data.password, data.email);
    if (weak) throw new ValidationError([fieldIssue('password', weak)]);
    passwordHash = await hashPassword(data.password);
  }
  const id = newId();
  try {
    await db.transaction(async (tx) => {
      await lockAdmins(tx as Db);
      if (onlyWhileNoAdmin && (await anyAdminExists(tx as Db))) throw new ConflictError(say('operator.adminExists'));
      if (await findOperatorByEmail(tx as Db, data.email))
        throw new ConflictError(say('operator.emailTaken'), [fieldIssue('email', say('operator.emailTaken'))]);
      const [row] = await tx
        .insert(operators)
        .values({
          id,
          email: data.email,
          name: data.name ?? null,
          role: data.role,
          passwordHash,
          passwordChangedAt: passwordHash ? now : null,
          createdAt: now,
          updatedAt: now,
        })
        .returning();
      await auditCommand(tx as Db, now, actor, 'operator create', {
        targetType: 'operator',
        targetId: id,
        after: operatorView(row!),
      });
    });
  } catch (err) {
    // Another instance took the address between our check and our insert.
    if (isUniqueViolation(err))
      throw new ConflictError(say('operator.emailTaken'), [fieldIssue('email', say('operator.emailTaken'))]);
    throw err;
  }
  return { id };
}

/** `id` or `email` names the operator. */
type Who = { id: string } | { email: string };

async function resolve(db: Db, who: Who): Promise<Operator> {
  if ('id' in who) return getOperator(db, who.id);
  const email = parseInput(operatorEmail, who.email);
  const found = await findOperatorByEmail(db, email);
  if (!found) throw new NotFoundError('operator', email);
  return found;
}

/**
 * Changes role, name or whether the operator is disabled, in one transaction with one audit row.
 * Disabling ends the person's sessions and revokes their tokens at once (a token's check also looks
 * at `disabled_at`, so nothing in flight outlives it); enabling again does not bring them back. A
 * change that would leave no enabled admin is refused.
 */
export async function updateOperator({
  db,
  now,
  who,
  input,
  actor,
}: {
  db: Db;
  now: Date;
  who: Who;
  input: unknown;
  actor: Actor;
}): Promise<Operator> {
  const data = parseInput(updateOperatorInput, input);
  return db.transaction(async (tx) => {
    await lockAdmins(tx as Db);
    const before = await resolve(tx as Db, who);
    const role: OperatorRole = data.role ?? before.role;
    const disabledAt =
      data.disabled === undefined ? before.disabledAt : data.disabled ? (before.disabledAt ?? now) : null;
    const name = data.name === undefined ? before.name : data.name;
    if (role === before.role && disabledAt === before.disabledAt && name === before.name) return before;
    const stopsBeingAdmin = before.role === 'admin' && before.disabledAt === null && (role !== 'admin' || disabledAt);
    if (stopsBeingAdmin) {
      const others = await tx
        .select({ id: operators.id })
        .from(operators)
        .where(and(eq(operators.role, 'admin'), isNull(operators.disabledAt), ne(operators.id, before.id)))
        .limit(1);
      if (!others.length) throw new ConflictError(say('operator.lastAdmin'));
    }
    const [after] = await tx
      .update(operators)
      .set({ role, name, disabledAt, updatedAt: now })
      .where(eq(operators.id, before.id))
      .returning();
    if (disabledAt && !before.disabledAt) {
      await tx
        .update(operatorSessions)
        .set({ endedAt: now })
        .where(and(eq(operatorSessions.operatorId, before.id), isNull(operatorSessions.endedAt)));
      await tx
        .update(operatorTokens)
        .set({ revokedAt: now })
        .where(and(eq(operatorTokens.operatorId, before.id), isNull(operatorTokens.revokedAt)));
    }
    const what =
      data.disabled === true ? 'operator disable' : data.disabled === false ? 'operator enable' : 'operator update';
    await auditCommand(tx as Db, now, actor, what, {
      targetType: 'operator',
      targetId: before.id,
      before: operatorView(before),
      after: operatorView(after!),
    });
    return after!;
  });
}

export const setRole = ({
  db,
  now,
  id,
  role,
  actor,
}: {
  db: Db;
  now: Date;
  id: string;
  role: OperatorRole;
  actor: Actor;
}) => updateOperator({ db, now, who: { id }, input: { role }, actor });

export const disableOperator = ({ db, now, actor, ...who }: { db: Db; now: Date; actor: Actor } & Who) =>
  updateOperator({
    db,
    now,
    who: 'id' in who ? { id: who.id } : { email: who.email },
    input: { disabled: true },
    actor,
  });

/**
 * A new password (checked for strength). Ends the person's other sessions: whoever learnt the old
 * one is signed out; `keepSessionIdHash` is the session that made the change.
 */
export async function setPassword({
  db,
  now,
  id,
  password,
  actor,
  keepSessionIdHash,
}: {
  db: Db;
  now: Date;
  id: string;
  password: string;
  actor: Actor;
  keepSessionIdHash?: string;
}): Promise<void> {
  const operator = await getOperator(db, id);
  const weak = checkPasswordStrength(password, operator.email);
  if (weak) throw new ValidationError([fieldIssue('password', weak)]);
  const passwordHash = await hashPassword(password);
  await db.transaction(async (tx) => {
    await tx
      .update(operators)
      .set({ passwordHash, passwordChangedAt: now, updatedAt: now })
      .where(eq(operators.id, id));
    await tx
      .update(operatorSessions)
      .set({ endedAt: now })
      .where(
        and(
          eq(operatorSessions.operatorId, id),
          isNull(operatorSessions.endedAt),
          ...(keepSessionIdHash ? [ne(operatorSessions.idHash, keepSessionIdHash)] : []),
        ),
      );
    await auditCommand(tx as Db, now, actor, 'password change', {
      targetType: 'operator',
      targetId: id,
    });
  });
}
