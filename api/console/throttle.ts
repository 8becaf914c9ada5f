import type { Context } from 'hono';
import type { Db } from '../../db/client.ts';
import { recentFailures, recordLogin } from '../operators/login-history.ts';
import type { LoginOutcome } from '../operators/vocab.ts';
import type { ConsoleEnv } from './types.ts';

/** Failed attempts counted over this window: 5 per typed email, 20 per address (login_history, so across instances). */
export const THROTTLE = { windowMinutes: 15, perEmail: 5, perAddress: 20 } as const;

/** Whether password guesses for `email`, or from `ip`, have reached their limit in the window. */
export async function throttled(db: Db, now: Date, email: string, ip: string | null): Promise<boolean> {
  const { windowMinutes } = THROTTLE;
  return (
    (await recentFailures(db, { now, email, windowMinutes })) >= THROTTLE.perEmail ||
    (await recentFailures(db, { now, ip, windowMinutes })) >= THROTTLE.perAddress
  );
}

/** One attempt at a password or a code through the console, into the login history. */
export const recordAttempt = (
  c: Context<ConsoleEnv>,
  db: Db,
  a: { now: Date; email: string; outcome: LoginOutcome; operatorId?: string | undefined },
) =>
  recordLogin(db, {
    at: a.now,
    email: a.email,
    operatorId: a.operatorId ?? null,
    ip: c.var.ip,
    userAgent: c.var.userAgent,
    via: 'console',
    outcome: a.outcome,
  });
