import type { IncomingMessage, ServerResponse } from 'node:http';
import { getRequestListener } from '@hono/node-server';
import type { Db } from '../../db/client.ts';
import type { Change } from '../core/change.ts';
import { seedDemoIfEmpty } from '../core/commands/seed-demo.ts';
import { seedDemoHistory } from '../core/commands/seed-demo-history.ts';
import { waitAtMost } from '../core/time-limit.ts';
import { createApp } from '../http/app.ts';
import { publishEnded } from '../metrics/publish-ended.ts';
import { PublishRecord } from '../metrics/publish-record.ts';
import { adminTokenNotice } from '../http/auth.ts';
import { createModelHost } from '../publish/model-host.ts';
import { createPublisher, type Publisher } from '../publish/publisher.ts';
import { deferredRenderer, loadAstroRenderer } from '../publish/renderer.ts';
import { builtSiteVersion } from '../publish/site-version.ts';
import type { FileStore } from '../publish/store.ts';
import type { Mirror } from '../mirror/mirror.ts';
import { type BackupJob, startBackupJob } from './backup-job.ts';
import { createPublishClock } from './clock.ts';
import { type Cluster, startCluster } from './cluster.ts';
import type { Config } from './config.ts';
import type { ControlSocket } from './control-socket.ts';
import type { RunContext } from './context.ts';
import type { OperationsStatus } from './ops-status.ts';
import { connectInBackground } from './database-startup.ts';
import { atLevel } from './log-lazy.ts';
import { heapAndMallocTrim, lazyMallocTrim, scheduleTrims } from './memory-trim.ts';
import { createNotifyService } from './notify-service.ts';
import { siteContent, wakeSources } from './site-publisher.ts';
import { startStandingWindowJob } from './standing-window-job.ts';
import type { BridgedPeer } from './serve-thread-protocol.ts';
import { testClockApp } from './test-clock.ts';

type Listener = (req: IncomingMessage, res: ServerResponse) => void;

export interface Backend {
  /** Answers `/api/v1`: 503 with Retry-After until the database is up. */
  api: Listener;
  /** Answers the test clock's door (SHIRASE_TEST_CLOCK only). */
  testClock: Listener | null;
  /** `api` and `testClock` fetch-style: what the serving thread's bridge calls (serve-thread.ts). */
  /** `peer`: the client's socket as the serving thread saw it (the app reads it as the node adapter gives it). */
  fetchApi(request: Request, peer?: BridgedPeer): Promise<Response>;
  fetchTestClock: ((request: Request) => Promise<Response>) | null;
  /**
   * Resolves once the database is up and the site has been published from it (or found unchanged);
   * rejects with an error no retry fixes (see DatabaseLink.up), or when the site is not built.
   */
  ready: Promise<void>;
  /** Stops the jobs, the publisher, the cluster's session and the database, each within `stepMs`. */
  close(stepMs: number): Promise<void>;
}

/**
 * Everything of the process but the static pages: the database (brought up in the background), the
 * publisher and what drives it (the publish clock, the standing-window job, the cluster), the
 * operator API. Loaded by main.ts once the server listens: these modules take a while to load, and
 * the published pages need none of them.
 */
export function startBackend({
  config,
  context: { clock, settings, testClock },
  store,
  log,
  closing,
  requestCounts = async () => [],
}: {
  config: Config;
  context: RunContext;
  store: FileStore;
  log: (line: string) => void;
  /** True once the server is closing: a start still under way stops where it is. */
  closing: () => boolean;
  /** The listening thread's request counts, for /metrics (main.ts). */
  requestCounts?: () => Promise<Float64Array[]>;
}): Backend {
  const now = () => clock.now();
  const link = connectInBackground(config, {
    prepare: (db) => seedDemo(db),
    log,
    now,
    // Writes may have reached the database meanwhile (another instance, a restore), and time alone
    // may have moved pages on: publish what changed, and nothing if nothing did.
    onBack: () => {
      void publisher.publishAll({ ifChanged: true }).catch(() => {});
      notifications.wake();
    },
  });
  // Notifications (issue 11): the outbox worker starts once the database is up, independent of the first publish.
  const notifications = createNotifyService({
    config: config.notify,
    settings,
    dataDir: config.dataDir,
    now,
    log,
    databaseAway: () => link.availability().state !== 'ok',
    // The first e-mail of an incident lands after its last write: its time reaches the figures this way.
    onIncidentEmailed: (id) => publisher.notify({ kind: 'incident', id }),
  });
  // A close before then has closed it, and start() is then a no-op.
  link.up.then((database) => notifications.start(database.db)).catch(() => {});
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
    sources: wakeSources(settings),
    notify: (c) => publisher.notify(c),
    now,
  });
  // Shared with the DR export (scripts/export.ts), so that an export is what this serves.
  const content = siteContent(settings);
  // The render thread keeps the incidents between publishes (this thread none): a publish after a
  // write re-reads only what it changed, and only facts of the model come back here.
  const loadModel = createModelHost({ db: connected, renderer, settings, pageLocals: content.pageLocals });
  /** This process's publishes, for /metrics. */
  const publishes = new PublishRecord();
  const single = createPublisher({
    loadModel: async (at, scope) => {
      const held = await loadModel(at, scope);
      publishClock.wakeBy(held.wakeAt);
      return held;
    },
    // Stores what it renders on its own thread (renderer.ts), once loaded.
    render: deferredRenderer(renderer),
    store,
    now,
    limits: config.limits.publish,
    ...content,
    // A restart with the same data, settings and build, before any page fell due, renders nothing.
    freshness: { site: builtSiteVersion(), validUntil: () => publishClock.wakeAt },
    log,
    ended: (end) => publishes.ended(publishEnded(end, store)),
  });
  let publisher: Publisher = single;
  // Once a publish and its cluster upload are over, the memory the threads freed goes back to the
  // system instead of staying in glibc's arenas until the next publish (memory-trim.ts).
  const trims = scheduleTrims({
    trim: heapAndMallocTrim(lazyMallocTrim(log)),
    settled: () => Promise.all([store.settled(), publisher.idle()]),
    log,
  });
  store.onCommitted(() => trims.committed());
  // Only with a mirror configured (MIRROR_S3_*): its module and the AWS SDK load then, never otherwise.
  let mirror: Mirror | null = null;
  const mirrorConfig = config.mirror;
  if (mirrorConfig)
    void import('../mirror/mirror.ts').then(
      ({ startMirror }) => {
        if (closing()) return;
        mirror = startMirror({ config: mirrorConfig, store, log });
        log(`mirror: copying each publish to ${mirrorConfig.describe}`);
      },
      (err: Error) => atLevel(log, 'error')(`mirror: not started: ${err.message}`),
    );
  // The backups' folder is read at each scrape, so one made by `npm run backup` counts too.
  let backups: BackupJob | null = null;
  const operations: OperationsStatus = {
    mirror: () => mirror?.status() ?? null,
    backup: async () => (backups ? backups.status() : null),
  };
  let cluster: Cluster | null = null;
  let control: ControlSocket | null = null;
  let standingWindow: Awaited<ReturnType<typeof startStandingWindowJob>> | null = null;

  const ready = (async () => {
    const [database] = await Promise.all([link.up, renderer]);
    if (closing()) return;
    const notice = await adminTokenNotice(database.db, config.adminToken);
    if (notice) log(notice);
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
      if (closing()) return void (await started.stop().catch(() => {}));
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
    if (closing()) return void (await job.stop());
    standingWindow = job;
    // The daily backup on this process's own handle (the embedded database takes one process); on a
    // cluster only the publishing instance makes it.
    backups = startBackupJob({
      database: () => database,
      config: config.backup,
      standingWindow: settings.standingWindow,
      now,
      log,
      mayRun: () => cluster === null || cluster.publishing(),
    });
    // `npm run backup` and the other data commands run here while this holds the embedded database (one process at a time).
    if (database.kind === 'pglite' && config.dataDir !== 'memory')
      control = await import('./control-socket.ts')
        .then(({ startControlSocket }) =>
          startControlSocket({
            dataDir: config.dataDir,
            database,
            backup: config.backup,
            now,
            republish: async (changedOnly) => void (await publisher.publishAll({ ifChanged: changedOnly })),
            log,
          }),
        )
        .catch((err: Error) => {
          atLevel(log, 'error')(`control socket: not started (${err.message})`);
          return null;
        });
    if (closing()) return void (await control?.close());
    // A publish that fails as a whole (the database lost again) is logged by the publisher and
    // retried when the database is back: the site keeps serving what it has.
    await publisher.publishAll({ ifChanged: true }).catch(() => {});
  })();
  const settled = ready.catch(() => {});

  // Changes a request made reach the publisher once its answer has left: publishing renders pages on
  // this thread, and would otherwise hold the writer's response back by its whole duration.
  const answered: Change[] = [];
  const flush = () => {
    const changes = answered.splice(0);
    for (const c of changes) publisher.notify(c);
    // A write's notification events were committed with it: the outbox can send them now.
    if (changes.length > 0) notifications.wake();
  };
  const apiApp = createApp({
    get db() {
      return connected();
    },
    now,
    adminToken: config.adminToken,
    log,
    onChange: (c) => answered.push(c),
    settings,
    publishing: () => publisher.status(),
    subscription: notifications.subscription,
    webhooks: config.notify.webhooks,
    trustedProxies: config.trustedProxies,
    apiRateLimit: config.apiRateLimit,
    console: config.console,
    database: () => link.availability(),
    operations,
    monitoring: {
      token: config.metricsToken,
      published: () => store.generation() !== null,
      requests: requestCounts,
      publishes,
    },
  });
  const apiListener = getRequestListener(apiApp.fetch);
  // Only with SHIRASE_TEST_CLOCK (refused in production): a move runs the standing-window job and
  // republishes everything at the new time (which re-arms the publish clock) before it is answered.
  const testClockHono =
    testClock &&
    testClockApp({
      clock: testClock,
      moved: async (at) => {
        log(`test clock: moved to ${at.toISOString()}`);
        // Before the database is up there is nothing to run: the first publish reads the moved clock.
        if (!standingWindow) return;
        await standingWindow.runNow();
        await backups?.check();
        notifications.wake();
        await publisher.publishAll();
      },
    });
  const testClockListener = testClockHono && getRequestListener(testClockHono.fetch);

  return {
    api(req, res) {
      res.once('close', flush);
      // Also once the handler is done: a client that hung up early closes before the write commits.
      void Promise.resolve(apiListener(req, res)).finally(flush);
    },
    testClock: testClockListener ? (req, res) => void testClockListener(req, res) : null,
    async fetchApi(request, peer) {
      try {
        // As @hono/node-server's env: its `incoming` socket is where a route reads the client's address
        // (api/http/client-address.ts), and `encrypted` whether it came over TLS.
        const socket = { remoteAddress: peer?.remoteAddress ?? undefined, encrypted: peer?.encrypted || undefined };
        return await apiApp.fetch(request, { incoming: { socket } });
      } finally {
        // After the answer is handed back: the publish it starts then runs beside the reply's way out.
        setImmediate(flush);
      }
    },
    fetchTestClock: testClockHono ? async (request) => testClockHono.fetch(request) : null,
    ready,
    async close(stepMs) {
      publishClock.stop();
      trims.stop();
      await waitAtMost(
        Promise.all([
          control?.close(),
          standingWindow?.stop(),
          backups?.stop(),
          publisher.idle(),
          notifications.close(stepMs),
          mirror?.close(stepMs),
        ]),
        stepMs,
      );
      await waitAtMost(cluster?.stop() ?? Promise.resolve(), stepMs);
      await waitAtMost(Promise.all([link.close(stepMs), settled]), stepMs);
    },
  };
}
