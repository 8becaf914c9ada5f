import { and, desc, eq, like, lt, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { auditLog, operators } from '../../db/schema/index.ts';
import { ADMIN_TOKEN_ACTOR, type Actor } from './actor.ts';
import type { AuditVia } from './vocab.ts';

export interface AuditEntry {
  at: Date;
  actor: { id: string | null; email: string } | typeof ADMIN_TOKEN_ACTOR;
  via: AuditVia;
  ip: string | null;
  /** e.g. `POST /api/v1/incidents/abc/updates`, `console: post incident`, `cli: operator create`. */
  action: string;
  targetType?: string | null;
  targetId?: string | null;
  before?: unknown;
  after?: unknown;
}

/** The audit row's actor for a command's `Actor`. */
export const auditActor = (actor: Actor): AuditEntry['actor'] =>
  actor.operatorId === null && actor.email === ADMIN_TOKEN_ACTOR
    ? ADMIN_TOKEN_ACTOR
    : { id: actor.operatorId, email: actor.email };

/**
 * Appends one row; pass the command's transaction so that the write and its record commit together.
 * Rows are never changed or removed (the migration's trigger refuses it).
 */
export async function recordAudit(db: Db, entry: AuditEntry): Promise<void> {
  const byToken = entry.actor === ADMIN_TOKEN_ACTOR;
  await db.insert(auditLog).values({
    at: entry.at,
    operatorId: byToken ? null : (entry.actor as { id: string | null }).id,
    actor: byToken ? ADMIN_TOKEN_ACTOR : (entry.actor as { email: string }).email,
    via: entry.via,
    ip: entry.ip,
    action: entry.action,
    targetType: entry.targetType ?? null,
    targetId: entry.targetId ?? null,
    // JSON null and SQL null read the same to an auditor; SQL null keeps "nothing before" plain.
    before: entry.before ?? null,
    after: entry.after ?? null,
  });
}

export interface AuditRow {
  id: number;
  at: Date;
  operatorId: string | null;
  /** The operator's email now (null for ADMIN_TOKEN, the CLI, or a removed operator). */
  email: string | null;
  /** Who it was at the time: the email then, `ADMIN_TOKEN`, or `cli:<user>`. */
  actor: string;
  via: AuditVia;
  ip: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  before: unknown;
  after: unknown;
}

/** Newest first; `before` is an id cursor (the rows after the last one of the previous page); `action` matches a prefix. */
export async function listAudit(
  db: Db,
  filter: { limit: number; before?: number; operatorId?: string; targetType?: string; action?: string },
): Promise<AuditRow[]> {
  const where: SQL[] = [];
  if (filter.before !== undefined) where.push(lt(auditLog.id, filter.before));
  if (filter.operatorId !== undefined) where.push(eq(auditLog.operatorId, filter.operatorId));
  if (filter.targetType !== undefined) where.push(eq(auditLog.targetType, filter.targetType));
  // A prefix: `POST /api/v1/incidents` finds the posts to every incident's updates too.
  if (filter.action !== undefined) where.push(like(auditLog.action, `${filter.action.replace(/[\\%_]/g, '\\$&')}%`));
  const rows = await db
    .select({ row: auditLog, email: operators.email })
    .from(auditLog)
    .leftJoin(operators, eq(operators.id, auditLog.operatorId))
    .where(and(...where))
    .orderBy(desc(auditLog.id))
    .limit(filter.limit);
  return rows.map(({ row, email }) => ({ ...row, email: email ?? null }));
}

/** The row an operator command records about itself, in its transaction: action `<via>: <what>`. */
export const auditCommand = (
  db: Db,
  now: Date,
  actor: Actor,
  what: string,
  target: Pick<AuditEntry, 'targetType' | 'targetId' | 'before' | 'after'>,
) =>
  recordAudit(db, {
    at: now,
    actor: auditActor(actor),
    via: actor.via,
    ip: actor.ip,
    action: `${actor.via}: ${what}`,
    ...target,
  });
