/**
 * A throwaway PostgreSQL cluster on loopback for the bench, made as scripts/test.sh makes one
 * (Debian's newest installed server, trust auth, fsync off), and removed by `stop()`.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';

export interface Cluster {
  url: string;
  /** The server's version, e.g. `15.14`. */
  version: string;
  bin: string;
  stop(): void;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

export async function startCluster(): Promise<Cluster> {
  const root = '/usr/lib/postgresql';
  let versions: string[] = [];
  try {
    versions = readdirSync(root).sort((a, b) => Number(a) - Number(b));
  } catch {}
  const major = versions.at(-1);
  if (!major)
    throw new Error('PostgreSQL is not installed: apt-get install -y postgresql, or give DATABASE_URL to the bench');
  const bin = path.join(root, major, 'bin');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'shirase-bench-pg.'));
  // initdb refuses to run as root: as root, run the server as the postgres user.
  const asRoot = process.getuid?.() === 0;
  if (asRoot) execFileSync('chown', ['postgres:postgres', dir]);
  const run = (cmd: string, args: string[]) =>
    execFileSync(asRoot ? 'runuser' : cmd, asRoot ? ['-u', 'postgres', '--', cmd, ...args] : args, {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
  const port = await freePort();
  const data = path.join(dir, 'data');
  run(path.join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8']);
  run(path.join(bin, 'pg_ctl'), [
    '-D',
    data,
    '-l',
    path.join(dir, 'log'),
    '-w',
    '-o',
    `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`,
    'start',
  ]);
  const said = execFileSync(path.join(bin, 'postgres'), ['--version'], { encoding: 'utf8' });
  const version = /\d+(\.\d+)?/.exec(said)?.[0] ?? said.trim();
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    version,
    bin,
    stop() {
      try {
        run(path.join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', 'stop']);
      } catch {}
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
