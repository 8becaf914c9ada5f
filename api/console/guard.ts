import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Context, Next } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { Db } from '../../db/client.ts';
import { findLiveSession, type LiveSession, type SessionLimits } from '../operators/console-sessions.ts';
import { CSRF_FIELD, one, readForm, repeatedScalar } from './forms.ts';
import { messagePage } from './layout.ts';
import { foreignOrigin } from './security.ts';
import { t } from './text.ts';
import type { ConsoleEnv } from './types.ts';

export const SESSION_COOKIE = '__Host-shirase_session';
export const LOGIN_CSRF_COOKIE = '__Host-shirase_csrf';

const COOKIE = { path: '/', secure: true, httpOnly: true, sameSite: 'Strict' } as const;

export const setSessionCookie = (c: Context, id: string) => setCookie(c, SESSION_COOKIE, id, COOKIE);
export const clearSessionCookie = (c: Context) => deleteCookie(c, SESSION_COOKIE, { path: '/', secure: true });

const sessions = new WeakMap<Request, LiveSession | null>();

/** The live session (whole, or awaiting its second factor) the request's cookie names, read once per request. */
export async function sessionOf(c: Context, db: Db, now: Date, limits: SessionLimits): Promise<LiveSession | null> {
  if (sessions.has(c.req.raw)) return sessions.get(c.req.raw)!;
  const cookie = getCookie(c, SESSION_COOKIE);
  const session = cookie ? await findLiveSession(db, cookie, now, limits) : null;
  sessions.set(c.req.raw, session);
  return session;
}

export const sameToken = (a: string, b: string): boolean => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

/** A form with a field sent twice where one value belongs: 400, nothing changed. */
export const repeatedRefused = (c: Context<ConsoleEnv>) =>
  messagePage(c, 400, t(c, 'console.repeated.title'), t(c, 'console.repeated.body'));

/** A refused form: 403, nothing changed. */
export const csrfRefused = (c: Context<ConsoleEnv>) =>
  messagePage(c, 403, t(c, 'console.csrf.title'), t(c, 'console.csrf.body'));

/**
 * Before any handler of a signed-in POST: a foreign Origin (or Sec-Fetch-Site: cross-site), or a
 * form token other than the session's, is refused with 403 and the handler never runs.
 */
export async function checkSessionForm(c: Context<ConsoleEnv>, next: Next, siteUrl: string, session: LiveSession) {
  if (c.req.method !== 'POST') return next();
  if (foreignOrigin(c, siteUrl)) return csrfRefused(c);
  const form = await readForm(c);
  if (!sameToken(one(form, CSRF_FIELD), session.csrfToken)) return csrfRefused(c);
  if (repeatedScalar(form) !== null) return repeatedRefused(c);
  return next();
}

/**
 * The sign-in form has no session yet: a signed double-submit cookie. The cookie holds a random
 * value and its HMAC; the form carries the value. A page elsewhere can neither read the cookie
 * nor (thanks to `__Host-`) set one, so it cannot send a matching pair.
 */
export function loginFormToken(c: Context, secret: Buffer): string {
  const existing = verifiedLoginCookie(c, secret);
  if (existing) return existing;
  const value = randomBytes(24).toString('base64url');
  setCookie(c, LOGIN_CSRF_COOKIE, `${value}.${sign(secret, value)}`, COOKIE);
  return value;
}

const sign = (secret: Buffer, value: string) =>
  createHmac('sha256', secret).update(`login-form:${value}`).digest('base64url');

function verifiedLoginCookie(c: Context, secret: Buffer): string | null {
  const cookie = getCookie(c, LOGIN_CSRF_COOKIE);
  const [value, mac] = cookie?.split('.') ?? [];
  if (!value || !mac || !sameToken(mac, sign(secret, value))) return null;
  return value;
}

/** Whether the sign-in POST carries the value its signed cookie holds, and comes from this site. */
export async function loginFormValid(c: Context, secret: Buffer, siteUrl: string): Promise<boolean> {
  if (foreignOrigin(c, siteUrl)) return false;
  const value = verifiedLoginCookie(c, secret);
  return value !== null && sameToken(one(await readForm(c), CSRF_FIELD), value);
}
