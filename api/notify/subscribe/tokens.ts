import { createHash, createHmac, randomBytes } from 'node:crypto';

/** A confirmation token: 256 random bits, URL-safe. Only its hash is stored. */
export function newConfirmToken(): string {
  return randomBytes(32).toString('base64url');
}

/** What the database keeps of a token: a lookup by it cannot be turned back into a working link. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/**
 * A subscriber's manage and unsubscribe token, derived from its id with the server's secret
 * (HMAC-SHA256): the mail channel can put it in every message at send time although the database
 * holds only its hash. A new secret makes every earlier link invalid (each message carries new ones).
 */
export function manageToken(secret: string, subscriberId: string): string {
  return createHmac('sha256', secret).update(`shirase subscriber manage\n${subscriberId}`).digest('base64url');
}

/** Tokens are base64url of 32 bytes: anything else is refused before it reaches the database. */
export function plausibleToken(value: unknown): value is string {
  return typeof value === 'string' && /^[A-Za-z0-9_-]{43}$/.test(value);
}
