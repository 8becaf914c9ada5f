import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { E2E_TOKEN, freePort, waitFor } from '../support/http.ts';

/** Every live process descended from `pid` (Linux /proc), with its command line. */
function descendants(pid: number): Array<{ pid: number; cmd: string }> {
  const parentOf = new Map<number, number>();
  const cmdOf = new Map<number, string>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // Fields after the parenthesised command name: state, ppid, …
      const [state, ppid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (state === 'Z') continue;
      parentOf.set(Number(entry), Number(ppid));
      cmdOf.set(Number(entry), readFileSync(`/proc/${entry}/cmdline`, 'utf8').replaceAll('\0', ' ').trim());
    } catch {
      // The process ended while we read it.
    }
  }
  const found: Array<{ pid: number; cmd: string }> = [];
  const walk = (parent: number) => {
    for (const [child, ppid] of parentOf)
      if (ppid === parent) {
        found.push({ pid: child, cmd: cmdOf.get(child) ?? '' });
        walk(child);
      }
  };
  walk(pid);
  return found;
}

const alive = (pid: number) => {
  try {
    return !readFileSync(`/proc/${pid}/stat`, 'utf8').includes(') Z ');
  } catch {
    return false;
  }
};

const listening = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });

/**
 * `npm start` as a reader of the README runs it, with an in-memory database on a free port; `env`
 * adds to it.
 */
async function npmStart(env: Record<string, string> = {}) {
  const port = await freePort();
  const child = spawn('npm', ['start'], {
    cwd: path.resolve('.'),
    env: {
      ...process.env,
      PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH}`,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: 'memory',
      ADMIN_TOKEN: E2E_TOKEN,
      SITE_URL: `http://127.0.0.1:${port}`,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`npm start did not serve in 90 s:\n${output}`)), 90_000);
    child.stdout!.on('data', () => {
      if (output.includes('Shirase is serving')) resolve(clearTimeout(timer));
    });
    child.once('exit', (code) => reject(new Error(`npm start exited with ${code}:\n${output}`)));
  });
  return { child, port, output: () => output };
}

describe('npm start', () => {
  /** Each tree as it was while npm ran: once npm is gone, what it left behind has another parent. */
  const started: number[][] = [];
  const track = (child: ChildProcess) => started.push([child.pid!, ...descendants(child.pid!).map((d) => d.pid)]);
  afterEach(() => {
    for (const pid of started.splice(0).flat())
      if (alive(pid))
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // Ended meanwhile: what the test wanted.
        }
  });

  it('stops the whole process tree on SIGTERM to npm: nothing is left running or listening', async () => {
    const { child, port, output } = await npmStart();
    track(child);
    const tree = descendants(child.pid!);
    expect(
      tree.some((p) => /scripts\/(serve|start)\.ts/.test(p.cmd)),
      JSON.stringify(tree),
    ).toBe(true);
    expect(await listening(port)).toBe(true);

    child.kill('SIGTERM');

    await waitFor(async () => {
      const left = tree.filter((p) => alive(p.pid));
      expect(left, `still running after SIGTERM to npm:\n${output()}`).toEqual([]);
      expect(await listening(port), `port ${port} still answers`).toBe(false);
    }, 20_000);
  }, 120_000);

  it('does not rebuild the site when dist/ is already built from these sources', async () => {
    // The demo catalogue without its year of history: what is tested is the build, not the seeding
    // and publishing of a year (12.7 s to serving against 8.3 s here).
    const catalogue = { SEED_DEMO: 'catalogue' };
    const first = await npmStart(catalogue);
    track(first.child);
    first.child.kill('SIGTERM');
    await waitFor(() => expect(alive(first.child.pid!)).toBe(false), 20_000);

    const second = await npmStart(catalogue);
    track(second.child);
    expect(second.output()).toContain('dist/ is built from these sources; not rebuilding');
    expect(second.output()).not.toMatch(/\[build\]/);
  }, 200_000);
});
