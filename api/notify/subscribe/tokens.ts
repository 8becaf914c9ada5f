import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** A confirmation token: 256 random bits, URL-safe. Only its hash is stored. */
export function newConfirmToken(): string {
  return randomBytes(32).toString('base64url');
}

/** What the database keeps of a token: a lookup by it cannot be turned back into a working link. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/**
 * A subscriber's manage and unsubscribe token: its id and an HMAC-SHA256 of the id with the
 * server's secret (secret.ts). Nothing is stored for it: the mail channel makes it at send time,
 * and the door checks it with the secret, so the links in every new message work even after the
 * secret changed (which voids only the links of earlier messages), and a copy of the database
 * alone cannot make one.
 */
export function manageToken(secret: string, subscriberId: string): string {
  return `${subscriberId}.${mac(secret, subscriberId)}`;
}

function mac(secret: string, subscriberId: string): string {
  return createHmac('sha256', secret).update(`shirase subscriber manage\n${subscriberId}`).digest('base64url');
}

/** The subscriber id a manage token names, if the secret made it; null for anything else. */
export function manageTokenId(secret: string, token: unknown): string | null {
  if (typeof token !== 'string') return null;
  const parts = /^([0-9a-z]{1,64})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!parts) return null;
  const [, id, given] = parts as unknown as [string, string, string];
  const expected = Buffer.from(mac(secret, id));
  return timingSafeEqual(Buffer.from(given), expected) ? id : null;
}

/** Confirmation tokens are base64url of 32 bytes: anything else is refused before it reaches the database. */
export function plausibleToken(value: unknown): value is string {
  return typeof value === 'string' && /^[A-Za-z0-9_-]{43}$/.test(value);
}
