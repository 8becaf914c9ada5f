import type { MiddlewareHandler } from 'hono';
import type { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { say } from '../core/messages/say.ts';
import { clientAddress, type TrustedProxies } from './client-address.ts';
import { problem } from './problem.ts';

const WINDOW_SECONDS = 60;

/**
 * API_RATE_LIMIT: requests per minute one client address may make to `/api/v1`, reads and writes
 * together; past it, 429 problem+json with Retry-After until its minute is over. Counted in this
 * process's memory (per instance): it is there to keep one client from taking the API's whole
 * capacity, not to meter anyone. A request without a socket (a test's `app.request()`) and the
 * health check are not counted. rate-limiter-flexible is loaded on the first counted request.
 */
export function apiRateLimit(perMinute: number, trusted: TrustedProxies | undefined): MiddlewareHandler {
  let limiter: Promise<RateLimiterMemory> | null = null;
  const load = () =>
    (limiter ??= import('rate-limiter-flexible').then(
      ({ RateLimiterMemory }) =>
        new RateLimiterMemory({ keyPrefix: 'api', points: perMinute, duration: WINDOW_SECONDS }),
    ));
  return async (c, next) => {
    const client = clientAddress(c, trusted);
    if (!client || c.req.path === '/api/v1/health') return next();
    try {
      await (await load()).consume(client);
    } catch (refused) {
      // Over the limit it rejects with the count (RateLimiterRes); an Error is a fault of its own.
      if (refused instanceof Error) throw refused;
      const seconds = Math.max(1, Math.ceil((refused as RateLimiterRes).msBeforeNext / 1000));
      return problem(c, 429, say('http.rateLimited', { limit: perMinute, seconds }), {
        headers: { 'Retry-After': String(seconds) },
      });
    }
    return next();
  };
}
