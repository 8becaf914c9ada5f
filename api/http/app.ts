import { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { methodNotAllowed } from 'hono/method-not-allowed';
import { secureHeaders } from 'hono/secure-headers';
import { ShiraseError } from '../core/errors.ts';
import { say, type Texts } from '../core/messages/say.ts';
import { isDatabaseUnavailable } from '../../db/unavailable.ts';
import { monitoringRoutes } from '../metrics/routes.ts';
import { auditWrites } from './audit-writes.ts';
import type { AppDeps, Env } from './context.ts';
import { asLog } from '../server/logger.ts';
import { requestLine } from './log-line.ts';
import { describeRoute, openApiConfig } from './openapi.ts';
import { problem } from './problem.ts';
import { apiRateLimit } from './rate-limit.ts';
import { requestLog } from './request-log.ts';
import { securityHeaders } from './security-headers.ts';
import { accountLogRoutes } from './routes/account-logs.ts';
import { componentRoutes } from './routes/components.ts';
import { incidentRoutes } from './routes/incidents.ts';
import { maintenanceRoutes } from './routes/maintenance.ts';
import { notifyRoutes } from './routes/notify.ts';
import { operatorRoutes } from './routes/operators.ts';
import { publishingRoutes } from './routes/publishing.ts';
import { serviceLevelRoutes } from './routes/service-levels.ts';
import { subscriptionRoutes } from './routes/subscription.ts';

/** Long enough for a restarted PostgreSQL or a reconnecting pool; short enough for an operator at the console. */
const RETRY_AFTER_SECONDS = 30;

/** `Failed query: … ← PGlite is closed`: Drizzle's message says which query, the cause what went wrong. */
const errorChain = (err: unknown): string => {
  const parts: string[] = [];
  for (let e = err; e instanceof Error && parts.length < 5; e = e.cause) parts.push(e.message.split('\n')[0]!);
  return parts.join(' ← ');
};

/** 503 with Retry-After: nothing was carried out, and the same request may succeed later. */
const unavailable = (c: Context, detail: Texts, retryAfterSeconds: number) =>
  problem(c, 503, detail, { headers: { 'Retry-After': String(retryAfterSeconds) } });

const STATUS_OF_CODE = { not_found: 404, conflict: 409, validation: 422, policy: 422 } as const;

/** The operator API (`/api/v1`). Every error leaves as problem+json; nothing leaks a stack trace. */
export function createApp(deps: AppDeps) {
  const root = new OpenAPIHono<Env>();
  const log = asLog(deps.log);
  // First, around everything: the console's and the subscriber's doors are logged and carry the id too.
  root.use(requestLog(deps));
  root.use(securityHeaders(deps.trustedProxies));
  // /healthz, /readyz, /metrics: outside /api/v1, so neither its rate limit nor its tokens apply.
  root.route('/', monitoringRoutes(deps, deps.monitoring));
  // The subscriber's door shares the router (basePath clones share it), not the API's middleware or errors.
  root.route('/subscription/', subscriptionRoutes(deps));
  // The admin console (issue 12), with what only it needs (argon2, otpauth, qrcode, bowser), is
  // loaded at its first request, not at start: a server nobody signs in to never holds it (issue 10's memory).
  let consoleApp: Promise<{ fetch: (req: Request, env?: unknown) => Response | Promise<Response> }> | undefined;
  const toConsole = async (c: Context) => {
    consoleApp ??= import('../console/shell.ts').then(
      (m) => m.consoleRoutes(deps),
      (err) => {
        consoleApp = undefined;
        throw err;
      },
    );
    return (await consoleApp).fetch(c.req.raw, c.env);
  };
  for (const base of ['/admin', '/en/admin']) root.all(base, toConsole).all(`${base}/*`, toConsole);
  const api = root.basePath('/api/v1');
  // First, so that every answer carries them, errors included: an operator's data is never cached
  // by a proxy or a browser, never sniffed into another type, and its URL never sent as a referrer.
  // HSTS is securityHeaders' (over HTTPS only). Nothing of the API is a page: no frame, no content.
  api.use(
    secureHeaders({
      strictTransportSecurity: false,
      referrerPolicy: 'no-referrer',
      xFrameOptions: 'DENY',
      contentSecurityPolicy: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] },
    }),
    async (c, next) => {
      await next();
      c.header('Cache-Control', 'no-store');
    },
  );
  if (deps.apiRateLimit) api.use(apiRateLimit(deps.apiRateLimit, deps.trustedProxies));
  api.use(
    methodNotAllowed({
      app: api,
      onMethodNotAllowed: (c, methods) =>
        problem(c, 405, say('http.methodNotAllowed', { method: c.req.method, allowed: methods.join(', ') }), {
          headers: { Allow: methods.join(', ') },
        }),
    }),
  );
  api.get('/health', async (c) => {
    const time = deps.now().toISOString();
    const database = deps.database?.();
    if (!database || database.state === 'ok') return c.json({ status: 'ok', database: 'ok', time });
    return c.json({ status: database.state, database: 'unavailable', since: database.since.toISOString(), time }, 503, {
      'Retry-After': String(database.retryAfterSeconds),
    });
  });
  describeRoute(api, {
    method: 'get',
    path: '/health',
    summary: 'Readiness: 200 when the operator API can use the database, 503 while it cannot',
    description:
      '`{ status: "ok", database: "ok" }` with 200 when the database answers. With 503 and `Retry-After`: `status` is `starting` before the database has come up since the server started, `degraded` after a query lost the connection, and `database` is `unavailable`; the public pages are served all the same.',
    tag: 'health',
  });
  // Registered after the health check, which must answer whatever the database does.
  api.use(async (c, next) => {
    const database = deps.database?.();
    if (database?.state !== 'starting' || c.req.path === '/api/v1/openapi.json') return next();
    return unavailable(c, say('http.starting'), database.retryAfterSeconds);
  });
  // Every successful write is in the audit log, read before and after through the routes below.
  api.use(auditWrites(deps, async (path, env) => api.request(path, {}, env)));
  api.route('/', componentRoutes(deps));
  api.route('/', serviceLevelRoutes(deps)); // before the incident routes: /incidents/overdue is not an incident id
  api.route('/', incidentRoutes(deps));
  api.route('/', maintenanceRoutes(deps));
  api.route('/', publishingRoutes(deps));
  api.route('/', notifyRoutes(deps));
  api.route('/', operatorRoutes(deps));
  api.route('/', accountLogRoutes(deps));
  api.openAPIRegistry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer' });
  api.doc31('/openapi.json', openApiConfig(deps.settings.siteUrl));

  api.notFound((c) => problem(c, 404, say('http.notFound', { method: c.req.method, path: c.req.path })));
  api.onError((err, c) => {
    if (err instanceof ShiraseError) {
      const extensions = 'details' in err ? (err as { details: Record<string, unknown> }).details : {};
      return problem(c, STATUS_OF_CODE[err.code], err.texts ?? err.message, { issues: err.issues, ...extensions });
    }
    if (isDatabaseUnavailable(err)) {
      log.error(`${requestLine(c)}: the database cannot be reached: ${errorChain(err)}`);
      return unavailable(c, say('http.databaseDown'), RETRY_AFTER_SECONDS);
    }
    log.error(`${requestLine(c)}: ${err instanceof Error ? err.stack : String(err)}`);
    return problem(c, 500, say('http.internal'));
  });
  return api;
}
