import type { ChildProcess } from 'node:child_process';
import { inject } from 'vitest';
import { npmScriptCommand } from '../../scripts/npm-script.ts';
import { E2E_TOKEN, freePort } from './http.ts';
import { spawnInOwnSession } from './own-session.ts';

export { E2E_TOKEN };

/**
 * Starts the production entry (scripts/serve.ts as `npm run serve` runs it, the built site) on a free port with an
 * in-memory embedded database and the demo catalogue (no demo history); resolves once it serves
 * what it published from its database.
 */
export async function startServer(
  env: Record<string, string> = {},
  options: StartOptions = {},
): Promise<StartedServer> {
  return onAFreePort(() => startOnce(env, options));
}

class PortTaken extends Error {}

/**
 * scripts/serve.ts as `npm run serve` runs it (scripts/npm-script.ts): glibc's arenas, WebAssembly on
 * Liftoff only, a small young generation. The tests' servers run as production's do, and cheaper: a
 * start to serving took 8.6 s of CPU and peaked at 1.1 GB without them (V8 optimising PGlite's
 * WebAssembly), 5.9 s and 0.5 GB with them, measured here.
 */
function serveCommand(): { env: Record<string, string>; args: string[] } {
  const { env, flags, file } = npmScriptCommand('serve');
  return { env, args: [...flags, file] };
}

/**
 * The port freePort found can be taken before the server binds it (by another file's server, or as
 * the ephemeral port of an outgoing connection), which says nothing of the case under test: a run
 * that failed with PortTaken is tried again on another port, up to three times in all.
 */
async function onAFreePort<T>(once: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await once();
    } catch (err) {
      if (!(err instanceof PortTaken) || attempt === 3) throw err;
    }
  }
}

type StartedServer = { url: string; child: ChildProcess; output: () => string; stop: () => Promise<void> };

/**
 * `clock`: SHIRASE_TEST_CLOCK, the instant the server's clock starts at (move it with setClock,
 * tests/support/clock.ts). `until`: resolve once it serves the site published from its database
 * (the default), or as soon as it listens (it serves its last output while the database comes up).
 */
interface StartOptions {
  clock?: string;
  until?: 'serving' | 'listening';
}

async function startOnce(env: Record<string, string>, options: StartOptions): Promise<StartedServer> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const serve = serveCommand();
  const child = spawnInOwnSession(process.execPath, serve.args, {
    env: {
      ...process.env,
      ...serve.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: 'memory',
      // The suite's migrated database (global-setup.ts), where the project provides one: ~2 s less per start.
      ...(inject('pgliteDump') ? { SHIRASE_TEST_PGLITE_DUMP: inject('pgliteDump') } : {}),
      // An empty history unless a test asks for the demo one (SEED_DEMO: 'auto'): tests count on it.
      SEED_DEMO: 'catalogue',
      ADMIN_TOKEN: E2E_TOKEN,
      SITE_URL: url,
      ...(options.clock ? { SHIRASE_TEST_CLOCK: options.clock } : {}),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in 60 s:\n${output}`)), 60_000);
    child.stdout!.on('data', () => {
      if (output.includes(options.until === 'listening' ? 'Shirase is listening' : 'Shirase is serving')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      const Failure = /EADDRINUSE/.test(output) ? PortTaken : Error;
      reject(new Failure(`server exited with ${code}:\n${output}`));
    });
  });
  return {
    url,
    child,
    output: () => output,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/**
 * Runs `node scripts/serve.ts` for a case where it must not stay up (a refused start): resolves with
 * its exit code and output once it exits, and fails if it is still running after `timeout` ms.
 */
export async function runServerToExit(
  env: Record<string, string>,
  timeout = 30_000,
): Promise<{ code: number | null; output: string }> {
  return onAFreePort(async () => {
    const run = await runOnceToExit(env, timeout);
    if (/EADDRINUSE/.test(run.output)) throw new PortTaken(`server exited with ${run.code}:\n${run.output}`);
    return run;
  });
}

async function runOnceToExit(
  env: Record<string, string>,
  timeout: number,
): Promise<{ code: number | null; output: string }> {
  const port = await freePort();
  const serve = serveCommand();
  const child = spawnInOwnSession(process.execPath, serve.args, {
    env: { ...process.env, ...serve.env, PORT: String(port), HOST: '127.0.0.1', ADMIN_TOKEN: E2E_TOKEN, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`serve.ts was still running after ${timeout} ms:\n${output}`));
    }, timeout);
    // 'close', not 'exit': the output is complete only once the pipes have closed.
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}
