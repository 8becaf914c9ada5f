/**
 * Runs Shirase on the built site (`npm run serve`; `npm start` builds it first when needed, see
 * scripts/start.ts). Listens at once and serves the last published site while the database comes up
 * (PostgreSQL is retried until it answers). Exits non-zero with a sentence on bad configuration, or
 * a database no retry can fix (damaged or locked embedded data, a failing migration, a refused
 * login); SIGTERM and SIGINT end it (shutdown.ts).
 */
import { enableCompileCacheForThreads } from './compile-cache.ts';
import { resolveDrizzleQuickly } from './resolve-hook.ts';

// Node keeps the modules it compiled (the TypeScript stripped of its types too) on disk, in the
// system's temporary folder unless NODE_COMPILE_CACHE says where: a restart then loads ~40 % faster.
// Where it cannot write, it says so in the result and starts without it. The render and serving
// threads use it too.
enableCompileCacheForThreads();
resolveDrizzleQuickly();
// Loaded after the line above, so that they are cached too.
const { loadConfig } = await import('../api/server/config.ts');
const { startShirase } = await import('../api/server/main.ts');
const { exitOnSignals } = await import('../api/server/shutdown.ts');
const { processLog } = await import('../api/server/logger.ts');

// JSON lines on stdout at LOG_LEVEL (api/server/logger.ts); the defaults when loadConfig refuses it.
const log = processLog();
try {
  const config = loadConfig();
  const starting = startShirase(config, log);
  // From the start: a signal during start-up waits for it (within the grace period), then closes.
  exitOnSignals({
    close: async () => (await starting).close(),
    graceMs: config.limits.shutdownTimeoutMs,
    log,
    error: (line) => log.error(line),
    exit: (code) => process.exit(code),
  });
  const running = await starting;
  const where = `${config.host}:${running.port}${config.listener.tls ? ' with TLS (HTTPS only)' : ''}`;
  const generation = running.store.generation();
  log(
    `Shirase is listening on ${where}: ${generation ? `it serves the site published at ${generation.publishedAt}` : 'nothing is published yet'} while the database comes up.`,
  );
  await running.ready;
  log(`Shirase is serving ${config.settings.siteUrl} (listening on ${where})`);
} catch (err) {
  // The causes too: a query error's own message names only the query.
  const messages: string[] = [];
  for (let e: unknown = err; e instanceof Error; e = e.cause) messages.push(e.message);
  // Not every failure is an Error (a WebAssembly abort may throw anything): never print "undefined".
  if (messages.length === 0) messages.push(`start-up failed: ${String(err)}`);
  log.error(messages.join('\n  cause: '));
  process.exit(1);
}
