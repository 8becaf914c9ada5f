/** Runs Shirase: `npm start` (builds the site first). Exits non-zero with a sentence on bad configuration. */
import { loadConfig } from '../api/server/config.ts';
import { startShirase } from '../api/server/main.ts';

try {
  const config = loadConfig();
  const running = await startShirase(config);
  console.log(
    `Shirase is serving ${config.settings.siteUrl} (listening on ${config.host}:${running.server.address() && typeof running.server.address() === 'object' ? (running.server.address() as { port: number }).port : config.port})`,
  );
  let closing = false;
  const stop = async (signal: string) => {
    if (closing) return;
    closing = true;
    console.log(`${signal}: closing`);
    // The embedded database must be closed, or the process does not exit.
    await running.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
} catch (err) {
  console.error(`shirase: ${(err as Error).message}`);
  process.exit(1);
}
