import type { MiddlewareHandler } from 'hono';
import { requestIsHttps, type TrustedProxies } from './client-address.ts';

/** One year (RFC 6797): once a browser has seen it over HTTPS, it refuses plain HTTP to this host. */
export const HSTS = 'max-age=31536000';

/** What every answer of the backend carries unless a route chose otherwise (the console's and the door's own). */
const BASELINE: [string, string][] = [
  ['X-Content-Type-Options', 'nosniff'],
  ['Referrer-Policy', 'no-referrer'],
  // Only the published embed pages may be framed (api/server/static.ts); nothing the backend answers.
  ['X-Frame-Options', 'DENY'],
];

/**
 * The security headers of every backend answer (the API, the subscription door, the console), errors
 * and 404s included, set after the handler without replacing what it set; HSTS when the request came
 * over HTTPS (a TLS socket, or a trusted proxy's X-Forwarded-Proto: https).
 */
export function securityHeaders(trusted: TrustedProxies | undefined): MiddlewareHandler {
  return async (c, next) => {
    await next();
    const set = c.res.headers;
    for (const [name, value] of BASELINE) if (!set.has(name)) c.header(name, value);
    if (requestIsHttps(c, trusted)) c.header('Strict-Transport-Security', HSTS);
  };
}
