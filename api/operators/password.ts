import type { Texts } from '../core/messages/say.ts';
import { say } from '../core/messages/say.ts';

/** OWASP's argon2id baseline (Password Storage Cheat Sheet): 19 MiB, 2 passes, 1 lane. */
const ARGON2ID = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const MIN_PASSWORD_LENGTH = 12;

/** Loaded on the first hash or check: the server's start never holds the native module (issue 10's memory budget). */
const argon2 = () => import('@node-rs/argon2');

/** An argon2id PHC string (`$argon2id$v=19$m=19456,t=2,p=1$…`): salt and parameters travel with it. */
export async function hashPassword(password: string): Promise<string> {
  return (await argon2()).hash(password, ARGON2ID);
}

/** False for a wrong password and for a hash that is not one (a damaged row must not sign anyone in). */
export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await (await argon2()).verify(hash, password);
  } catch {
    return false;
  }
}

/** Letters, digits, and everything else: a password drawn from one of them alone is refused. */
const CLASSES = [/\p{L}/u, /\p{N}/u, /[^\p{L}\p{N}]/u];

/**
 * Why a password is too weak, or null. Length is what counts most (NIST SP 800-63B asks for no
 * composition rules beyond it), so the rule stays short: at least 12 characters, not only one kind
 * of character, and not the account's own e-mail address.
 */
export function checkPasswordStrength(password: string, email?: string): Texts | null {
  if ([...password].length < MIN_PASSWORD_LENGTH) return say('field.passwordShort', { min: MIN_PASSWORD_LENGTH });
  if (CLASSES.filter((c) => c.test(password)).length < 2) return say('field.passwordOneClass');
  if (email && password.trim().toLowerCase() === email.trim().toLowerCase()) return say('field.passwordIsEmail');
  return null;
}
