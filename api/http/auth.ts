import { createHash, timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { say } from '../core/messages/say.ts';
import { problem } from './problem.ts';

const digest = (s: string) => createHash('sha256').update(s).digest();

/**
 * Bearer auth for writes with the bootstrap token from `ADMIN_TOKEN`. Compares digests in constant
 * time; an empty or missing token never matches. Without a configured token, writes are refused
 * with a sentence on how to set one.
 */
export function requireAdmin(adminToken: string | undefined): MiddlewareHandler {
  const expected = adminToken ? digest(adminToken) : null;
  return async (c, next) => {
    if (!expected) return problem(c, 503, say('http.writesDisabled'));
    const header = c.req.header('Authorization') ?? '';
    const match = /^Bearer +(\S+) *$/i.exec(header);
    if (!match || !timingSafeEqual(digest(match[1]!), expected))
      return problem(c, 401, say('http.badToken'), {
        headers: { 'WWW-Authenticate': 'Bearer realm="shirase"' },
      });
    await next();
  };
}
