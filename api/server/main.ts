import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import path from 'node:path';
import { waitAtMost, within } from '../core/time-limit.ts';
import { FileStore } from '../publish/store.ts';
import type { Backend } from './backend.ts';
import type { Config } from './config.ts';
import { createListener } from './listener.ts';
import { countAnswered } from '../metrics/count-requests.ts';
import { RequestCounts } from '../metrics/request-counts.ts';
import { asLog, type LogLine, processLog } from './logger.ts';
import { runContext } from './context.ts';
import { startServeThread } from './serve-thread.ts';
import { doorOf, serveNothingPublished, serveStatic, servedOverHttps } from './static.ts';

export interface Running {
  /** The listener on this thread with DATA_DIR=memory; null when a serving thread listens (DATA_DIR on disk). */
  server: Server | null;
  /** The port listened on (the system's choice for PORT=0). */
  port: number;
  url: string;
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

/**
 * One process: the operator API under /api/v1 (touches the database), and every other URL from
 * the published files (never touches it). It opens the output last published (kept on disk) and
 * listens at once; only then does it load the rest (backend.ts) and bring the database up in the
 * background: until it is there the API answers 503 with Retry-After and the health check says
 * `starting`. Every part is handed the one run context: the clock and the validated settings.
 *
 * With DATA_DIR on disk the listener and the published files are on a thread of their own
 * (serve-thread.ts): the API's requests are forwarded here, and nothing this thread does (reading
 * the model, committing, the cluster's uploads, their garbage) holds a read back.
 */
export async function startShirase(config: Config, log: LogLine = processLog()): Promise<Running> {
  const context = runContext(config);
  const siteDir = config.dataDir === 'memory' ? null : path.join(config.dataDir, 'site');
  // The last published output, from disk: served as it was until the publisher has something newer.
  // Served by the serving thread's mirror when on disk, which holds the hot files: this thread
  // only writes and uploads them, and keeps none in memory.
  const store = await FileStore.open({ dir: siteDir, hotBytes: siteDir ? 0 : config.limits.publishHotBytes });
  let closing = false;
  const backend = Promise.withResolvers<Backend>();
  /** Requests for the API before its modules are loaded wait for them (a second or two). */
  const toBackend =
    (pick: (b: Backend) => ((req: IncomingMessage, res: ServerResponse) => void) | null) =>
    (req: IncomingMessage, res: ServerResponse) =>
      void backend.promise.then(
        (b) => pick(b)?.(req, res),
        // It could not be loaded: the process is ending with the reason (see `ready`).
        () => res.destroy(),
      );
  const api = toBackend((b) => b.api);
  const testClockPath = context.testClock ? (await import('./test-clock.ts')).TEST_CLOCK_PATH : null;
  const testClock = toBackend((b) => b.testClock);

  const thread =
    siteDir &&
    (await startServeThread({
      host: config.host,
      port: config.port,
      listener: config.listener,
      siteDir,
      hotBytes: config.limits.publishHotBytes,
      store,
      testClockPath,
      // Before the backend is loaded, as on this thread: the request waits for it.
      async handle(door, request, peer) {
        const b = await backend.promise;
        if (door === 'api') return b.fetchApi(request, peer);
        return b.fetchTestClock ? b.fetchTestClock(request) : new Response('Not Found\n', { status: 404 });
      },
    }));
  // On this thread (DATA_DIR=memory), configured as the serving thread's (listener.ts).
  if (!thread && config.listener.tls) servedOverHttps();
  /** The requests this thread answers (DATA_DIR=memory), for /metrics; the serving thread keeps its own. */
  const requests = new RequestCounts();
  const server = thread
    ? null
    : createListener(config.listener, (req, res) => {
        const started = performance.now();
        const url = req.url ?? '/';
        const door = doorOf(url, testClockPath);
        if (door === 'testClock') testClock(req, res);
        // /healthz too: this thread is the one that would be stuck.
        else if (door === 'api' || door === 'health') api(req, res);
        else if (!store.generation()) serveNothingPublished(res);
        else void serveStatic(store, req, res);
        countAnswered(requests, url, res, started);
      });
  if (server)
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.port, config.host, () => resolve());
    });
  import('./backend.ts')
    .then(({ startBackend }) =>
      startBackend({
        config,
        context,
        store,
        log,
        closing: () => closing,
        requestCounts: async () => (thread ? [await thread.requestCounts()] : [requests.snapshot()]),
      }),
    )
    .then(backend.resolve, backend.reject);
  const ready = backend.promise.then((b) => b.ready);
  ready.catch(() => {});

  const address = server?.address();
  const port = thread ? thread.port : typeof address === 'object' && address ? address.port : config.port;
  const url = `${config.listener.tls ? 'https' : 'http'}://localhost:${port}`;
  if (context.testClock)
    log(`SHIRASE_TEST_CLOCK: the clock started at ${context.clock.now().toISOString()} (for tests only)`);
  if (!config.adminToken)
    log('ADMIN_TOKEN is not set: the operator API takes operators’ tokens only (npm run operator).');
  for (const warning of config.warnings) asLog(log).warn(warning);
  return {
    server,
    port,
    url,
    store,
    // A close calls the start off: `ready` then never settles, rather than report that as a failure.
    ready: ready.then(
      () => (closing ? forever : undefined),
      (err: unknown) => (closing ? forever : Promise.reject(err)),
    ),
    async close() {
      closing = true;
      // Requests in flight; loading the rest; the jobs and a running publish; the cluster's
      // session; the database's start and close: each gets a fifth of the shutdown time, then the
      // next goes ahead anyway. Neither a slow client, a stuck render nor a silent database may keep
      // the process from ending.
      const step = config.limits.shutdownTimeoutMs / 5;
      if (thread) await thread.close(step);
      if (server) {
        const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        await waitAtMost(stopped, step);
        server.closeAllConnections();
      }
      const loaded = await within(backend.promise, step, 'loading the backend').catch(() => null);
      await loaded?.close(step);
      await store.close();
    },
  };
}
