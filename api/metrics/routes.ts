import { createHash, timingSafeEqual } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { Hono } from 'hono';
import type { Context } from 'hono';
import { within } from '../core/time-limit.ts';
import type { AppDeps } from '../http/context.ts';
import { readDatabaseFigures } from './database-figures.ts';
import { PublishRecord } from './publish-record.ts';
import type { MetricsRegistry } from './registry.ts';
import type { Monitoring, Scrape } from './scrape.ts';

/**
 * How long /readyz waits for the database to answer, and /metrics for each of its sources: well
 * within Prometheus's scrape timeout (10 s by default), and a hung connection (a database host
 * gone without a word) still gives a quick answer rather than none.
 */
export const PROBE_MS = 2_000;

/** Never cached by anyone: each answer is the state of this moment. */
const NO_STORE = { 'Cache-Control': 'no-store' };

const digest = (s: string) => createHash('sha256').update(s).digest();

/** Compared by their hashes: equal lengths, and no timing tells how much of a guess was right. */
function bearerMatches(header: string | undefined, token: string): boolean {
  const given = /^Bearer (.+)$/i.exec(header ?? '')?.[1];
  return given !== undefined && timingSafeEqual(digest(given), digest(token));
}

const quietly = <T>(work: () => Promise<T>, what: string): Promise<T | null> =>
  within((async () => work())(), PROBE_MS, what).catch(() => null);

/**
 * `/healthz`, `/readyz` and `/metrics`, beside the API (outside /api/v1: no rate limit, no token
 * but METRICS_TOKEN). Answered by the main thread: a main thread that is stuck answers no health
 * check, which is what a liveness probe is there to notice.
 */
export function monitoringRoutes(deps: AppDeps, monitoring: Monitoring | undefined): Hono {
  const m: Monitoring = monitoring ?? {
    token: undefined,
    published: () => true,
    requests: async () => [],
    publishes: new PublishRecord(),
  };
  const app = new Hono();
  // On these three paths only: mounted at the root, a bare `use` would reach every route behind it
  // (the console's stylesheet lost its `immutable`).
  for (const path of ['/healthz', '/readyz', '/metrics'])
    app.use(path, async (c, next) => {
      await next();
      c.header('Cache-Control', 'no-store');
    });

  app.get('/healthz', (c) => c.text('ok\n', 200, NO_STORE));

  /** Not while the process knows the database is away: no time limit to wait out then. */
  const databaseKnownUp = () => !deps.database || deps.database().state === 'ok';
  const databaseAnswers = async (): Promise<boolean> => {
    if (!databaseKnownUp()) return false;
    return (await quietly(async () => deps.db.execute(sql`select 1`), 'the readiness query')) !== null;
  };
  app.get('/readyz', async (c) => {
    const [database, published] = await Promise.all([databaseAnswers(), m.published()]);
    const ready = database && published;
    return c.json(
      { status: ready ? 'ready' : 'not_ready', database: database ? 'ok' : 'unavailable', published },
      ready ? 200 : 503,
      NO_STORE,
    );
  });

  let registry: Promise<MetricsRegistry> | undefined;
  const loaded = () => {
    registry ??= import('./registry.ts').then(
      (r) => r.createMetricsRegistry(),
      (err) => {
        registry = undefined;
        throw err;
      },
    );
    return registry;
  };
  app.get('/metrics', async (c: Context) => {
    if (m.token !== undefined && !bearerMatches(c.req.header('Authorization'), m.token))
      return c.text('Unauthorized: /metrics takes Authorization: Bearer <METRICS_TOKEN>\n', 401, {
        ...NO_STORE,
        'WWW-Authenticate': 'Bearer realm="metrics"',
      });
    const now = deps.now();
    const [registryReady, requests, database, backup] = await Promise.all([
      loaded(),
      quietly(m.requests, 'reading the request counts'),
      databaseKnownUp()
        ? quietly(() => readDatabaseFigures(deps.db, deps.settings.serviceLevels, now), 'the metrics queries')
        : null,
      deps.operations ? quietly(() => deps.operations!.backup(), 'reading the backups') : null,
    ]);
    const scrape: Scrape = {
      now,
      requests: requests ?? [],
      publishes: m.publishes,
      published: m.published(),
      database,
      mirror: deps.operations?.mirror() ?? null,
      backup,
    };
    return c.body(await registryReady.render(scrape), 200, { ...NO_STORE, 'Content-Type': registryReady.contentType });
  });
  return app;
}
