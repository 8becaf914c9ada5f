import type { MiddlewareHandler } from 'hono';
import { asLog, type LogLine } from '../server/logger.ts';
import { withRequestId } from '../server/log-scope.ts';
import { clientAddress, type TrustedProxies } from './client-address.ts';
import { requestIdOf } from './request-id.ts';

/** Which door a request came through. */
export type RouteKind = 'api' | 'console' | 'subscription' | 'monitoring';

export function routeKindOf(path: string): RouteKind {
  if (path.startsWith('/subscription')) return 'subscription';
  if (/^\/(en\/)?admin(\/|$)/.test(path)) return 'console';
  if (path === '/healthz' || path === '/readyz' || path === '/metrics') return 'monitoring';
  return 'api';
}

/**
 * One line per request at its end, and the request's id on everything logged while it is handled
 * (the logger reads it from the async context) and on the answer's `X-Request-Id`. The path is
 * logged as sent, without its query: the subscription links carry their tokens there. The public
 * pages are answered elsewhere (static.ts) and not logged one by one: they are the hot path, and
 * their counts are in /metrics.
 */
export function requestLog(deps: { log?: LogLine; trustedProxies?: TrustedProxies }): MiddlewareHandler {
  // Without a log (a test's app) requests pass unlogged; their errors still reach the process's log (app.ts).
  const log = deps.log && asLog(deps.log);
  return async (c, next) => {
    const started = performance.now();
    const reqId = requestIdOf(c, deps.trustedProxies);
    await withRequestId(reqId, async () => {
      await next();
      c.header('X-Request-Id', reqId);
      if (!log) return;
      // Percent-escapes kept: `c.req.path` is decoded, and a `%0a` would be a line break (bad input 4).
      const path = new URL(c.req.url).pathname;
      const status = c.res.status;
      const kind = routeKindOf(path);
      // A probe or a scrape every few seconds would bury the rest: at debug, a readiness 503 included
      // (the answer it exists to give while the database is away); only a fault of its own is an error.
      const level =
        kind === 'monitoring'
          ? status === 500
            ? 'error'
            : status === 401
              ? 'info'
              : 'debug'
          : status >= 500
            ? 'error'
            : 'info';
      log[level](
        {
          method: c.req.method,
          path,
          status,
          duration_ms: Math.round((performance.now() - started) * 10) / 10,
          route_kind: kind,
          client_address: clientAddress(c, deps.trustedProxies),
        },
        `${c.req.method} ${path} ${status}`,
      );
    });
  };
}
