import { randomBytes } from 'node:crypto';
import type { Context } from 'hono';
import type { ConsoleEnv } from './types.ts';

/** This answer's CSP: scripts only by nonce, styles only from our own stylesheet, no framing, forms only to us. */
export const consoleCsp = (nonce: string) =>
  `default-src 'none'; script-src 'nonce-${nonce}' 'strict-dynamic'; style-src 'self'; img-src 'self' data:; ` +
  "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

export const newNonce = () => randomBytes(16).toString('base64');

/** Headers on every console answer, errors and redirects included: nothing of an operator's is cached, sniffed or framed. */
export function setConsoleHeaders(c: Context<ConsoleEnv>): void {
  c.header('Cache-Control', 'no-store');
  c.header('Content-Security-Policy', consoleCsp(c.var.nonce));
  c.header('X-Content-Type-Options', 'nosniff');
  c.header('Referrer-Policy', 'no-referrer');
  c.header('X-Frame-Options', 'DENY');
}

/**
 * Where a sign-in may send the person afterwards: a path under the console's own base, and nothing
 * else. `//evil.example/`, `/\evil.example` (browsers read `\` as `/`), `https://…`, a path that
 * leaves the base by `..` or percent-encoding, or one carrying control characters: null.
 */
export function safeNext(next: string | undefined | null, base: string): string | null {
  if (!next || next.length > 2000) return null;
  if (!next.startsWith(`${base}/`) && next !== base) return null;
  if (/[\\\u0000-\u001f\u007f]/.test(next) || next.startsWith('//')) return null;
  let decoded: string;
  try {
    decoded = decodeURIComponent(next);
  } catch {
    return null;
  }
  if (/[\\\u0000-\u001f\u007f]/.test(decoded) || /(^|\/)\.\.?(\/|$|\?)/.test(decoded.split('?')[0]!)) return null;
  // Resolved against a throwaway origin, it must stay there and keep its path: no scheme or host can sneak in.
  const resolved = new URL(next, 'https://console.invalid');
  if (resolved.origin !== 'https://console.invalid') return null;
  return resolved.pathname + resolved.search;
}

/**
 * Whether a POST comes from elsewhere: a browser that says the request is cross-site, or an
 * `Origin` other than this site's (or the request's own, for an instance reached under another
 * name). A browser that says `same-origin` is believed (a page cannot forge Sec-Fetch-* headers):
 * under `Referrer-Policy: no-referrer` Chromium sends `Origin: null` with our own forms. Absent
 * headers (curl, old browsers) leave it to the CSRF token.
 */
export function foreignOrigin(c: Context, siteUrl: string): boolean {
  const site = c.req.header('Sec-Fetch-Site');
  if (site === 'cross-site') return true;
  if (site === 'same-origin') return false;
  const origin = c.req.header('Origin');
  if (origin === undefined) return false;
  const allowed = new Set([originOf(siteUrl), originOf(c.req.url)]);
  return !allowed.has(origin);
}

const originOf = (url: string): string => {
  try {
    return new URL(url).origin;
  } catch {
    return '';
  }
};
