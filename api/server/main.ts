import { createServer, type Server } from 'node:http';
import path from 'node:path';
import { getRequestListener } from '@hono/node-server';
import { seedDemoIfEmpty } from '../core/commands/seed-demo.ts';
import { seedDemoHistory } from '../core/commands/seed-demo-history.ts';
import { loadSiteModel } from '../core/queries/site-model.ts';
import { maintenanceWakeAt } from '../core/queries/maintenance-wake.ts';
import { nextServiceLevelChangeAt } from '../core/queries/service-levels.ts';
import type { Change } from '../core/change.ts';
import { createApp } from '../http/app.ts';
import { createPublisher } from '../publish/publisher.ts';
import { loadAstroRenderer } from '../publish/renderer.ts';
import { builtSiteVersion } from '../publish/site-version.ts';
import { FileStore } from '../publish/store.ts';
import { createPublishClock } from './clock.ts';
import type { Config } from './config.ts';
import { startDatabase } from './database-startup.ts';
import { runContext } from './context.ts';
import { startStandingWindowJob } from './standing-window-job.ts';
import { siteContent } from './site-publisher.ts';
import { serveStatic } from './static.ts';
import { TEST_CLOCK_PATH, testClockApp } from './test-clock.ts';
import { waitAtMost } from '../core/time-limit.ts';

export interface Running {
  server: Server;
  url: string;
  publisher: ReturnType<typeof createPublisher>;
  store: FileStore;
  close(): Promise<void>;
}

/**
 * One process: the operator API under /api/v1 (touches the database), and every other URL from
 * the published files in memory (never touches it). Every part is handed the one run context:
 * the clock and the validated settings.
 */
export async function startShirase(config: Config, log: (line: string) => void = console.log): Promise<Running> {
  const { clock, settings, testClock } = runContext(config);
  const now = () => clock.now();
  const database = await startDatabase(config, async (db) => {
    if (config.seedDemo === 'never' || !(await seedDemoIfEmpty({ db, now: now() }))) return;
    if (config.seedDemo === 'catalogue') return log('seeded the demo component catalogue');
    await seedDemoHistory({
      db,
      now: now(),
      policy: settings.leadTimePolicy,
      intervalMinutes: settings.serviceLevels.updateIntervalMinutes,
    });
    log('seeded the demo component catalogue and a year of demo history (titles marked 【デモ】)');
  });
  // The last published output, from disk: served as it was until the publisher has something newer.
  const store = await FileStore.open({
    dir: config.dataDir === 'memory' ? null : path.join(config.dataDir, 'site'),
    hotBytes: config.limits.publishHotBytes,
  });
  // Republishes when time alone changes a page; each area that has such times adds its source.
  const publishClock = createPublishClock({
    sources: [(model, at) => nextServiceLevelChangeAt(model, settings.serviceLevels, at), maintenanceWakeAt],
    notify: (c) => publisher.notify(c),
    now,
  });
  const publisher = createPublisher({
    loadModel: async (at) => publishClock.observe(await loadSiteModel({ db: database.db, now: at })),
    render: await loadAstroRenderer(),
    store,
    now,
    limits: config.limits.publish,
    // Shared with the DR export (scripts/export.ts), so that an export is what this serves.
    ...siteContent(settings),
    // A restart with the same data, settings and build, before any page fell due, renders nothing.
    freshness: { site: builtSiteVersion(), validUntil: () => publishClock.wakeAt },
    log,
  });
  const standingWindow = await startStandingWindowJob({
    db: database.db,
    settings,
    notify: (c) => publisher.notify(c),
    now,
    log,
  });
  await publisher.publishAll({ ifChanged: true });

  // Changes a request made reach the publisher once its answer has left: publishing renders pages on
  // this thread, and would otherwise hold the writer's response back by its whole duration.
  const answered: Change[] = [];
  const api = createApp({
    db: database.db,
    now,
    adminToken: config.adminToken,
    onChange: (c) => answered.push(c),
    settings,
    publishing: () => publisher.status(),
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
    publisher,
    store,
    async close() {
      publishClock.stop();
      await standingWindow.stop();
      // Requests in flight and a running publish each get a quarter of the shutdown time, then the
      // database is closed anyway: neither a slow client nor a stuck render may keep it open.
      const step = config.limits.shutdownTimeoutMs / 4;
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      await waitAtMost(stopped, step);
      server.closeAllConnections();
      await waitAtMost(publisher.idle(), step);
      await database.close();
      await store.close();
    },
  };
}
