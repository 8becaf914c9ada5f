import { randomBytes } from 'node:crypto';
import { DEFAULT_SESSION_LIMITS, type SessionLimits } from '../operators/session-limits.ts';

export interface ConsoleSettings extends SessionLimits {
  /** Signs the sign-in form's double-submit cookie. Instances behind one address need the same one. */
  formSecret: Buffer;
}

const whole = (env: NodeJS.ProcessEnv, name: string, fallback: number, max: number): number => {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > max)
    throw new Error(`${name} must be a whole number from 1 to ${max}, not "${raw}"`);
  return n;
};

/**
 * CONSOLE_IDLE_MINUTES (default 30), CONSOLE_SESSION_HOURS (default 12), CONSOLE_SECRET (at least
 * 32 characters; unset: a random one per process, which is enough for one instance).
 */
export function consoleSettingsFrom(env: NodeJS.ProcessEnv): ConsoleSettings {
  const secret = env.CONSOLE_SECRET;
  if (secret !== undefined && secret !== '' && secret.length < 32)
    throw new Error('CONSOLE_SECRET must be at least 32 characters long');
  return {
    idleMinutes: whole(env, 'CONSOLE_IDLE_MINUTES', DEFAULT_SESSION_LIMITS.idleMinutes, 24 * 60),
    absoluteHours: whole(env, 'CONSOLE_SESSION_HOURS', DEFAULT_SESSION_LIMITS.absoluteHours, 24 * 30),
    formSecret: secret ? Buffer.from(secret) : randomBytes(32),
  };
}

/** Worth a line at start-up: instances on one PostgreSQL each with a secret of their own refuse each other's sign-in forms. */
export function consoleSettingsWarnings(env: NodeJS.ProcessEnv): string[] {
  if (env.DATABASE_URL?.trim() && !env.CONSOLE_SECRET?.trim())
    return [
      'CONSOLE_SECRET is not set: if several instances behind one address share this DATABASE_URL, set the same one on each, or a sign-in form one served is refused (403) by another',
    ];
  return [];
}
