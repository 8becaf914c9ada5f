import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { waitFor } from '../support/http.ts';

const helper = path.resolve(import.meta.dirname, '../support/own-session.ts');

/** The session id of process `pid` (field 6 of /proc/PID/stat), null once it is gone. */
function sessionOf(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // "<pid> (<name>) <state> <ppid> <pgrp> <session> …": the name may hold spaces, so count from its ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return fields[0] === 'Z' ? null : Number(fields[3]);
  } catch {
    return null;
  }
}

/**
 * A parent (as a test worker) that starts a long-running child with spawnInOwnSession, prints the
 * child's pid, and waits to be stopped.
 */
function startParent() {
  const script = `
    import { spawnInOwnSession } from ${JSON.stringify(helper)};
    const child = spawnInOwnSession(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
    console.log(child.pid);
    setInterval(() => {}, 1000);
  `;
  const parent = spawn(process.execPath, ['--input-type=module', '-e', script], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const childPid = new Promise<number>((resolve) =>
    parent.stdout.once('data', (d) => resolve(Number(String(d).trim()))),
  );
  return { parent, childPid };
}

describe.runIf(process.platform === 'linux')('a test server spawned in a session of its own', () => {
  it.each(['SIGTERM', 'SIGINT'] as const)(
    'runs in another session than the test worker, and ends when the worker is stopped with %s',
    async (signal) => {
      const { parent, childPid } = startParent();
      const pid = await childPid;
      expect(sessionOf(pid)).toBe(pid);
      expect(sessionOf(pid)).not.toBe(sessionOf(process.pid));

      parent.kill(signal);

      await waitFor(() => expect(sessionOf(pid)).toBeNull(), 5_000);
      expect(parent.signalCode ?? (await new Promise((r) => parent.once('exit', (_c, s) => r(s))))).toBe(signal);
    },
  );
});
