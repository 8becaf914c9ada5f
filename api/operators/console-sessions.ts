import { createHash, randomBytes } from 'node:crypto';
import { and, desc, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { operatorSessions, operators } from '../../db/schema/index.ts';
import type { SessionLimits } from './session-limits.ts';
import type { OperatorRole } from './vocab.ts';

export { DEFAULT_SESSION_LIMITS, type SessionLimits } from './session-limits.ts';

/** How long a right password waits for its second factor: long enough to open the app, too short to be left lying about. */
export const SECOND_FACTOR_MINUTES = 10;

/** last_seen_at is written at most this often: one write a minute per person, not one per request. */
const TOUCH_EVERY_MS = 60_000;

/** What is stored of a session id: its SHA-256 (256 random bits need no salt or slow hash). */
export const sessionIdHash = (id: string): string => createHash('sha256').update(id).digest('hex');

/** 256 random bits, URL-safe. */
const randomToken = () => randomBytes(32).toString('base64url');

/**
 * A new session for `operatorId`, with a new id and form token (never a value the client offered:
 * no session fixation). `secondFactorPending`: the password was right, the TOTP code is to come.
 * Returns the cookie's value (kept by no one but the browser) and the form token.
 */
export async function startSession(
  db: Db,
  s: {
    now: Date;
    operatorId: string;
    secondFactorPending: boolean;
    ip: string | null;
    userAgent: string | null;
    limits: SessionLimits;
  },
): Promise<{ id: string; idHash: string; csrfToken: string }> {
  const id = randomToken();
  const idHash = sessionIdHash(id);
  const csrfToken = randomToken();
  await db.insert(operatorSessions).values({
    idHash,
    operatorId: s.operatorId,
    csrfToken,
    secondFactorPending: s.secondFactorPending,
    createdAt: s.now,
    lastSeenAt: s.now,
    expiresAt: new Date(
      s.now.getTime() + (s.secondFactorPending ? SECOND_FACTOR_MINUTES * 60_000 : s.limits.absoluteHours * 3_600_000),
    ),
    ip: s.ip,
    userAgent: s.userAgent?.slice(0, 512) ?? null,
  });
  return { id, idHash, csrfToken };
}

export interface LiveSession {
  idHash: string;
  csrfToken: string;
  secondFactorPending: boolean;
  operator: { id: string; email: string; name: string | null; role: OperatorRole; totpSecret: string | null };
}

/**
 * The live session a cookie names: not ended, not past its absolute expiry, not idle too long, and
 * its operator not disabled, all read in one query, so that logging out, a password change or
 * disabling the account tells on the very next request. Refreshes last_seen_at (at most once a minute).
 */
export async function findLiveSession(
  db: Db,
  cookie: string,
  now: Date,
  limits: SessionLimits,
): Promise<LiveSession | null> {
  if (cookie.length < 20 || cookie.length > 100) return null;
  const idHash = sessionIdHash(cookie);
  const [row] = await db
    .select({
      csrfToken: operatorSessions.csrfToken,
      secondFactorPending: operatorSessions.secondFactorPending,
      lastSeenAt: operatorSessions.lastSeenAt,
      id: operators.id,
      email: operators.email,
      name: operators.name,
      role: operators.role,
      totpSecret: operators.totpSecret,
    })
    .from(operatorSessions)
    .innerJoin(operators, eq(operators.id, operatorSessions.operatorId))
    .where(
      and(
        eq(operatorSessions.idHash, idHash),
        isNull(operatorSessions.endedAt),
        isNull(operators.disabledAt),
        gt(operatorSessions.expiresAt, now),
        gt(operatorSessions.lastSeenAt, new Date(now.getTime() - limits.idleMinutes * 60_000)),
      ),
    );
  if (!row) return null;
  if (now.getTime() - row.lastSeenAt.getTime() >= TOUCH_EVERY_MS)
    await db.update(operatorSessions).set({ lastSeenAt: now }).where(eq(operatorSessions.idHash, idHash));
  const { csrfToken, secondFactorPending, lastSeenAt: _, ...operator } = row;
  return { idHash, csrfToken, secondFactorPending, operator };
}

/** Ends one session (sign-out, or ending one of one's own sessions from the account page). */
export async function endSession(db: Db, now: Date, idHash: string, operatorId?: string): Promise<boolean> {
  const ended = await db
    .update(operatorSessions)
    .set({ endedAt: now })
    .where(
      and(
        eq(operatorSessions.idHash, idHash),
        isNull(operatorSessions.endedAt),
        ...(operatorId ? [eq(operatorSessions.operatorId, operatorId)] : []),
      ),
    )
    .returning({ idHash: operatorSessions.idHash });
  return ended.length > 0;
}

/** A person's sessions still live, newest first (the account page lists them). */
export async function listLiveSessions(db: Db, operatorId: string, now: Date, limits: SessionLimits) {
  return db
    .select({
      idHash: operatorSessions.idHash,
      createdAt: operatorSessions.createdAt,
      lastSeenAt: operatorSessions.lastSeenAt,
      ip: operatorSessions.ip,
      userAgent: operatorSessions.userAgent,
    })
    .from(operatorSessions)
    .where(
      and(
        eq(operatorSessions.operatorId, operatorId),
        isNull(operatorSessions.endedAt),
        eq(operatorSessions.secondFactorPending, false),
        gt(operatorSessions.expiresAt, now),
        gt(operatorSessions.lastSeenAt, new Date(now.getTime() - limits.idleMinutes * 60_000)),
      ),
    )
    .orderBy(desc(operatorSessions.lastSeenAt));
}

/**
 * Takes the TOTP time step `step` for an operator if it is later than the last one accepted, in one
 * UPDATE: of two requests with the same code (a replay, or two tabs), only one wins.
 */
export async function claimTotpStep(db: Db, operatorId: string, step: number): Promise<boolean> {
  const claimed = await db
    .update(operators)
    .set({ totpLastStep: step })
    .where(and(eq(operators.id, operatorId), sql`${operators.totpLastStep} < ${step}`))
    .returning({ id: operators.id });
  return claimed.length > 0;
}
