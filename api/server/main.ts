import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import path from 'node:path';
import { waitAtMost, within } from '../core/time-limit.ts';
import { FileStore } from '../publish/store.ts';
import type { Backend } from './backend.ts';
import type { Config } from './config.ts';
import { runContext } from './context.ts';
import { serveStatic } from './static.ts';

export interface Running {
  server: Server;
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

/** Retry-After for a public page asked for before anything was ever published: a first start takes seconds. */
const NOTHING_PUBLISHED_RETRY_SECONDS = 5;

/**
 * One process: the operator API under /api/v1 (touches the database), and every other URL from
 * the published files (never touches it). It opens the output last published (kept on disk) and
 * listens at once; only then does it load the rest (backend.ts) and bring the database up in the
 * background: until it is there the API answers 503 with Retry-After and the health check says
 * `starting`. Every part is handed the one run context: the clock and the validated settings.
 */
export async function startShirase(config: Config, log: (line: string) => void = console.log): Promise<Running> {
  const context = runContext(config);
  // The last published output, from disk: served as it was until the publisher has something newer.
  const store = await FileStore.open({
    dir: config.dataDir === 'memory' ? null : path.join(config.dataDir, 'site'),
    hotBytes: config.limits.publishHotBytes,
  });
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

  // A request with neither Content-Length nor Transfer-Encoding has no body (RFC 9112 §6.3): it
  // arrives as an ended stream, without the readable stream's end and close events queued for
  // each one (about 3 of the 25-28 µs of CPU a hot file's answer took). Bodies stream as before.
  const server = createServer({ optimizeEmptyRequests: true }, (req, res) => {
    const url = req.url ?? '/';
    if (testClockPath && (url === testClockPath || url.startsWith(`${testClockPath}?`))) testClock(req, res);
    else if (url === '/api/v1' || url.startsWith('/api/v1/') || url.startsWith('/api/v1?')) api(req, res);
    else if (!store.generation()) {
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
  import('./backend.ts')
    .then(({ startBackend }) => startBackend({ config, context, store, log, closing: () => closing }))
    .then(backend.resolve, backend.reject);
  const ready = backend.promise.then((b) => b.ready);
  ready.catch(() => {});

  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://localhost:${port}`;
  if (context.testClock)
    log(`SHIRASE_TEST_CLOCK: the clock started at ${context.clock.now().toISOString()} (for tests only)`);
  if (!config.adminToken) log('ADMIN_TOKEN is not set: the operator API answers writes with 503 until you set it.');
  for (const warning of config.warnings) log(warning);
  return {
    server,
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
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      await waitAtMost(stopped, step);
      server.closeAllConnections();
      const loaded = await within(backend.promise, step, 'loading the backend').catch(() => null);
      await loaded?.close(step);
      await store.close();
    },
  };
}
