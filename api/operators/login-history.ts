import { and, count, desc, eq, gte, isNull, lt, ne, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { loginHistory } from '../../db/schema/index.ts';
import { type AuditVia, type LoginOutcome, MAX_EMAIL_LENGTH } from './vocab.ts';

/** What is kept of a user agent: enough to tell devices apart, not a place to store a flood. */
const MAX_USER_AGENT = 512;

export interface LoginAttempt {
  at: Date;
  /** What was typed or, for a token, its operator's email ('' when the token named no one). */
  email: string;
  operatorId?: string | null;
  ip: string | null;
  userAgent: string | null;
  via: AuditVia;
  outcome: LoginOutcome;
}

/** Browser, OS and device as bowser names them ("Chrome 131", "Windows 10", "desktop"); null when it cannot tell. */
async function describeAgent(userAgent: string | null) {
  if (!userAgent) return { browser: null, os: null, device: null };
  // Loaded on the first attempt, not at start (issue 10's memory budget).
  const { default: Bowser } = await import('bowser');
  const parsed = Bowser.parse(userAgent);
  const named = (name?: string, version?: string) => (name ? (version ? `${name} ${version}` : name) : null);
  return {
    browser: named(parsed.browser.name, parsed.browser.version),
    os: named(parsed.os.name, parsed.os.versionName ?? parsed.os.version),
    device: parsed.platform.type ?? null,
  };
}

/**
 * What a person or a client sent, made storable: PostgreSQL text holds no NUL and no lone surrogate,
 * and an attempt that cannot be recorded must not be the way to try without leaving a trace.
 */
const storable = (s: string) => s.replaceAll('\u0000', '').toWellFormed();

export async function recordLogin(db: Db, attempt: LoginAttempt): Promise<void> {
  const userAgent = attempt.userAgent === null ? null : storable(attempt.userAgent).slice(0, MAX_USER_AGENT);
  await db.insert(loginHistory).values({
    at: attempt.at,
    operatorId: attempt.operatorId ?? null,
    email: storable(attempt.email).trim().toLowerCase().slice(0, MAX_EMAIL_LENGTH),
    ip: attempt.ip,
    userAgent,
    ...(await describeAgent(userAgent)),
    via: attempt.via,
    success: attempt.outcome === 'ok',
    outcome: attempt.outcome,
  });
}

export type LoginRow = typeof loginHistory.$inferSelect;

/** Newest first; `operatorId` limits it to one person's; `before` is an id cursor. */
export async function listLogins(
  db: Db,
  filter: { limit: number; operatorId?: string; before?: number },
): Promise<LoginRow[]> {
  const where: SQL[] = [];
  if (filter.operatorId !== undefined) where.push(eq(loginHistory.operatorId, filter.operatorId));
  if (filter.before !== undefined) where.push(lt(loginHistory.id, filter.before));
  return db
    .select()
    .from(loginHistory)
    .where(and(...where))
    .orderBy(desc(loginHistory.id))
    .limit(filter.limit);
}

/**
 * Failed attempts in the last `windowMinutes`, for an email, an address, or both. Read from the
 * table rather than kept in memory, so that a limit holds across instances on one PostgreSQL.
 */
export async function recentFailures(
  db: Db,
  { now, email, ip, windowMinutes }: { now: Date; email?: string; ip?: string | null; windowMinutes: number },
): Promise<number> {
  const where: SQL[] = [
    eq(loginHistory.success, false),
    // A right password awaiting its second factor is a step, not a failure.
    ne(loginHistory.outcome, 'second_factor_required'),
    gte(loginHistory.at, new Date(now.getTime() - windowMinutes * 60_000)),
  ];
  if (email !== undefined) where.push(eq(loginHistory.email, email.trim().toLowerCase().slice(0, MAX_EMAIL_LENGTH)));
  if (ip !== undefined) where.push(ip === null ? isNull(loginHistory.ip) : eq(loginHistory.ip, ip));
  const [row] = await db
    .select({ n: count() })
    .from(loginHistory)
    .where(and(...where));
  return row?.n ?? 0;
}
