/**
 * `npm start`: builds the site unless dist/ was built from the current sources, then runs the
 * server in this same process. package.json `exec`s it in place of npm's shell, so SIGTERM and
 * SIGINT from npm or a supervisor reach the server itself and nothing is left listening.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { isBuiltFrom, sourcesHash } from '../site/adapter/build-stamp.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const OUT_DIR = path.join(ROOT, 'dist');

function build(): Promise<void> {
  const astro = path.join(ROOT, 'node_modules', 'astro', 'bin', 'astro.mjs');
  const child = spawn(process.execPath, [astro, 'build'], { cwd: ROOT, stdio: 'inherit' });
  // A signal during the build stops the build too, rather than leaving it to run on alone.
  const forward = (signal: NodeJS.Signals) => child.kill(signal);
  process.on('SIGTERM', forward).on('SIGINT', forward);
  return new Promise<void>((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      process.off('SIGTERM', forward).off('SIGINT', forward);
      if (code === 0) resolve();
      else
        reject(new Error(signal ? `the site build was stopped (${signal})` : `the site build failed (exit ${code})`));
    });
  });
}

// The server's log (serve.ts reads LOG_LEVEL and LOG_FORMAT again, checking them).
const { processLog } = await import('../api/server/logger.ts');
const log = processLog();
if (isBuiltFrom(OUT_DIR, sourcesHash(ROOT))) log('dist/ is built from these sources; not rebuilding');
else {
  try {
    await build();
  } catch (err) {
    log.error((err as Error).message);
    process.exit(1);
  }
}
await import('./serve.ts');
