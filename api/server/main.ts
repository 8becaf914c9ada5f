import { createServer, type Server } from 'node:http';
import path from 'node:path';
import { getRequestListener } from '@hono/node-server';
import { seedDemoIfEmpty } from '../core/commands/seed-demo.ts';
import { seedDemoHistory } from '../core/commands/seed-demo-history.ts';
import { loadSiteModel } from '../core/queries/site-model.ts';
import { maintenanceWakeAt } from '../core/queries/maintenance-wake.ts';
import { nextServiceLevelChangeAt } from '../core/queries/service-levels.ts';
import type { Change } from '../core/change.ts';
import type { Db } from '../../db/client.ts';
import { createApp } from '../http/app.ts';
import { createPublisher, type Publisher } from '../publish/publisher.ts';
import { loadAstroRenderer } from '../publish/renderer.ts';
import { builtSiteVersion } from '../publish/site-version.ts';
import { FileStore } from '../publish/store.ts';
import { createPublishClock } from './clock.ts';
import type { Config } from './config.ts';
import { connectInBackground } from './database-startup.ts';
import { type Cluster, startCluster } from './cluster.ts';
import { runContext } from './context.ts';
import { startStandingWindowJob } from './standing-window-job.ts';
import { siteContent } from './site-publisher.ts';
import { serveStatic } from './static.ts';
import { TEST_CLOCK_PATH, testClockApp } from './test-clock.ts';
import { waitAtMost } from '../core/time-limit.ts';

export interface Running {
  server: Server;
  url: string;
  /** This process's publisher, or, on PostgreSQL once the database is up, the cluster's. */
  readonly publisher: Publisher;
  store: FileStore;
  /**
   * Resolves once the database is up and the site has been published from it (or found unchanged).
   * Rejects only with an error retrying cannot fix (damaged embedded data, a folder locked by another
   * process, a failing migration, a refused login, the site not built): the process should end with
   * its message. Never settles if the server is closed first.
   */
  ready: Promise<void>;
  close(): Promise<void>;
}

const forever = new Promise<never>(() => {});

/** Retry-After for a public page asked for before anything was ever published: a first start takes seconds. */
const NOTHING_PUBLISHED_RETRY_SECONDS = 5;

/**
 * One process: the operator API under /api/v1 (touches the database), and every other URL from
 * the published files (never touches it). It listens first, serving the output last published
 * (kept on disk), and brings the database up in the background: until it is there the API answers
 * 503 with Retry-After and the health check says `starting`. Every part is handed the one run
 * context: the clock and the validated settings.
 */
export async function startShirase(config: Config, log: (line: string) => void = console.log): Promise<Running> {
  const { clock, settings, testClock } = runContext(config);
  const now = () => clock.now();
  // The last published output, from disk: served as it was until the publisher has something newer.
  const store = await FileStore.open({
    dir: config.dataDir === 'memory' ? null : path.join(config.dataDir, 'site'),
    hotBytes: config.limits.publishHotBytes,
  });
  let closing = false;
  const link = connectInBackground(config, {
    prepare: (db) => seedDemo(db),
    log,
    now,
    // Writes may have reached the database meanwhile (another instance, a restore), and time alone
    // may have moved pages on: publish what changed, and nothing if nothing did.
    onBack: () => void publisher.publishAll({ ifChanged: true }).catch(() => {}),
  });
  const connected = (): Db => {
    if (!link.database) throw new Error('The database is not up yet.');
    return link.database.db;
  };
  // Loaded while the database comes up; awaited before the first publish (a site not built ends the start).
  const renderer = loadAstroRenderer();
  renderer.catch(() => {});

  async function seedDemo(db: Db) {
    if (config.seedDemo === 'never' || !(await seedDemoIfEmpty({ db, now: now() }))) return;
    if (config.seedDemo === 'catalogue') return log('seeded the demo component catalogue');
    await seedDemoHistory({
      db,
      now: now(),
      policy: settings.leadTimePolicy,
      intervalMinutes: settings.serviceLevels.updateIntervalMinutes,
    });
    log('seeded the demo component catalogue and a year of demo history (titles marked 【デモ】)');
  }

  // Republishes when time alone changes a page; each area that has such times adds its source.
  const publishClock = createPublishClock({
    sources: [(model, at) => nextServiceLevelChangeAt(model, settings.serviceLevels, at), maintenanceWakeAt],
    notify: (c) => publisher.notify(c),
    now,
  });
  const single = createPublisher({
    loadModel: async (at) => publishClock.observe(await loadSiteModel({ db: connected(), now: at })),
    render: async (route, locals, abandoned) => (await renderer)(route, locals, abandoned),
    store,
    now,
    limits: config.limits.publish,
    // Shared with the DR export (scripts/export.ts), so that an export is what this serves.
    ...siteContent(settings),
    // A restart with the same data, settings and build, before any page fell due, renders nothing.
    freshness: { site: builtSiteVersion(), validUntil: () => publishClock.wakeAt },
    log,
  });
  let publisher: Publisher = single;
  let cluster: Cluster | null = null;
  let standingWindow: Awaited<ReturnType<typeof startStandingWindowJob>> | null = null;

  const ready = (async () => {
    const [database] = await Promise.all([link.up, renderer]);
    if (closing) return;
    // Several instances may share one PostgreSQL: only the one holding the publisher lock publishes.
    if (database.kind === 'postgres' && config.databaseUrl) {
      const started = await startCluster({
        url: config.databaseUrl,
        db: database.db,
        store,
        publisher: single,
        now,
        log,
        connectTimeoutMs: config.limits.connectTimeoutMs,
        statementTimeoutMs: config.limits.statementTimeoutMs,
      });
      // Closed meanwhile: close() has passed the point where it stops these.
      if (closing) return void (await started.stop().catch(() => {}));
      cluster = started;
      publisher = started.publisher;
    }
    const job = await startStandingWindowJob({
      db: database.db,
      settings,
      notify: (c) => publisher.notify(c),
      now,
      log,
    });
    if (closing) return void (await job.stop());
    standingWindow = job;
    // A publish that fails as a whole (the database lost again) is logged by the publisher and
    // retried when the database is back: the site keeps serving what it has.
    await publisher.publishAll({ ifChanged: true }).catch(() => {});
  })();
  const settled = ready.catch(() => {});

  // Changes a request made reach the publisher once its answer has left: publishing renders pages on
  // this thread, and would otherwise hold the writer's response back by its whole duration.
  const answered: Change[] = [];
  const api = createApp({
    get db() {
      return connected();
    },
    now,
    adminToken: config.adminToken,
    onChange: (c) => answered.push(c),
    settings,
    publishing: () => publisher.status(),
    database: () => link.availability(),
  });
  const apiListener = getRequestListener(api.fetch);
  // Only with SHIRASE_TEST_CLOCK (refused in production): a move runs the standing-window job and
  // republishes everything at the new time (which re-arms the publish clock) before it is answered.
  const testClockListener =
    testClock &&
    getRequestListener(
      testClockApp({
        clock: testClock,
        moved: async (at) => {
          log(`test clock: moved to ${at.toISOString()}`);
          // Before the database is up there is nothing to run: the first publish reads the moved clock.
          if (!standingWindow) return;
          await standingWindow.runNow();
          await publisher.publishAll();
        },
      }).fetch,
    );
  const server = createServer((req, res) => {
    const url = req.url ?? '/';
    if (testClockListener && (url === TEST_CLOCK_PATH || url.startsWith(`${TEST_CLOCK_PATH}?`)))
      void testClockListener(req, res);
    else if (url === '/api/v1' || url.startsWith('/api/v1/') || url.startsWith('/api/v1?')) {
      const flush = () => {
        for (const c of answered.splice(0)) publisher.notify(c);
      };
      res.once('close', flush);
      // Also once the handler is done: a client that hung up early closes before the write commits.
      void Promise.resolve(apiListener(req, res)).finally(flush);
    } else if (!store.generation()) {
      // A first start (no output on disk yet): say so, rather than a 404 for a page that will exist.
      res.writeHead(503, {
        'Content-Type': 'text/plain; charset=utf-8',
        'Retry-After': String(NOTHING_PUBLISHED_RETRY_SECONDS),
        'Cache-Control': 'no-store',
        'X-Content-Type-Options': 'nosniff',
      });
      res.end('This status page is starting and has not been published yet. Try again in a few seconds.\n');
    } else void serveStatic(store, req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://localhost:${port}`;
  if (testClock) log(`SHIRASE_TEST_CLOCK: the clock started at ${clock.now().toISOString()} (for tests only)`);
  if (!config.adminToken) log('ADMIN_TOKEN is not set: the operator API answers writes with 503 until you set it.');
  for (const warning of config.warnings) log(warning);
  return {
    server,
    url,
    get publisher() {
      return publisher;
    },
    store,
    // A close calls the start off: `ready` then never settles, rather than report that as a failure.
    ready: ready.then(
      () => (closing ? forever : undefined),
      (err: unknown) => (closing ? forever : Promise.reject(err)),
    ),
    async close() {
      closing = true;
      publishClock.stop();
      // Requests in flight; the jobs and a running publish; the cluster's session; the database's
      // start and close: each gets a quarter of the shutdown time, then the next goes ahead anyway.
      // Neither a slow client, a stuck render nor a silent database may keep the process from ending.
      const step = config.limits.shutdownTimeoutMs / 4;
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      await waitAtMost(stopped, step);
      server.closeAllConnections();
      await waitAtMost(Promise.all([standingWindow?.stop(), publisher.idle()]), step);
      await waitAtMost(cluster?.stop() ?? Promise.resolve(), step);
      await waitAtMost(Promise.all([link.close(step), settled]), step);
      await store.close();
    },
  };
}
