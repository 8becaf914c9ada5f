import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readlinkSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { type FolderLock, lockFolder } from '../../db/folder-lock.ts';

const work = mkdtempSync(path.join(tmpdir(), 'shirase-folder-lock-'));
let n = 0;
const freshFolder = () => path.join(work, `db${++n}`);
const held: FolderLock[] = [];
const lock = (folder: string, options?: Parameters<typeof lockFolder>[1]) => {
  const l = lockFolder(folder, options);
  held.push(l);
  return l;
};
afterEach(() => {
  for (const l of held.splice(0)) l.release();
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

const pidNamespace = () => {
  try {
    return readlinkSync('/proc/self/ns/pid');
  } catch {
    return null;
  }
};
/** A lock file as another process would have left it. */
const leaveLock = (folder: string, holder: { pid: number; host?: string }) =>
  writeFileSync(
    `${folder}.lock`,
    JSON.stringify({
      pid: holder.pid,
      host: holder.host ?? hostname(),
      pidNamespace: pidNamespace(),
      token: 'someone-else',
      since: '2026-01-05T00:00:00.000Z',
    }),
  );

/** Another Node process that takes the lock with the real code and keeps running until killed. */
function holderProcess(folder: string, then = 'setInterval(() => {}, 60_000);'): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      `const { lockFolder } = await import(${JSON.stringify(path.resolve('db/folder-lock.ts'))});
       lockFolder(${JSON.stringify(folder)}); console.log('locked'); ${then}`,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  return new Promise((resolve, reject) => {
    let output = '';
    child.stderr!.on('data', (d) => (output += d));
    child.stdout!.on('data', (d) => (String(d).includes('locked') ? resolve(child) : undefined));
    child.on('exit', (code) => reject(new Error(`holder exited with ${code} before locking: ${output}`)));
  });
}
const exited = (child: ChildProcess) =>
  new Promise<void>((resolve) =>
    child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve()),
  );

describe('the lock on an embedded database folder', () => {
  it('refuses a folder another live process holds, naming the folder and its pid; takes it over once that process is killed', async () => {
    const folder = freshFolder();
    const other = await holderProcess(folder);
    try {
      expect(() => lockFolder(folder)).toThrow(`${folder} is in use by process ${other.pid} on ${hostname()}`);
      other.kill('SIGKILL');
      await exited(other);
      // SIGKILL runs no exit hook: the file is still there, and must be recognised as stale.
      expect(existsSync(`${folder}.lock`)).toBe(true);
      const mine = lock(folder);
      expect(JSON.parse(readFileSync(mine.path, 'utf8')).pid).toBe(process.pid);
    } finally {
      other.kill('SIGKILL');
    }
  });

  it('is released when its process ends with an uncaught error', async () => {
    const folder = freshFolder();
    const other = await holderProcess(folder, "setTimeout(() => { throw new Error('boom'); }, 10);");
    await exited(other);
    expect(other.exitCode).toBe(1);
    expect(existsSync(`${folder}.lock`)).toBe(false);
  });

  it('takes over a lock left under its own pid by someone else (a container restarted as the same pid)', () => {
    const folder = freshFolder();
    leaveLock(folder, { pid: process.pid });
    expect(() => lock(folder)).not.toThrow();
  });

  it('refuses a second lock on the same folder within one process', () => {
    const folder = freshFolder();
    lock(folder);
    expect(() => lockFolder(folder)).toThrow(`${folder} is already open in this process`);
  });

  it('judges a holder on another host by its refreshes: refused while recent, taken over once stale', () => {
    const folder = freshFolder();
    leaveLock(folder, { pid: 4242, host: 'elsewhere' });
    const refreshed = Date.parse('2026-01-05T09:00:00Z');
    utimesSync(`${folder}.lock`, new Date(refreshed), new Date(refreshed));

    expect(() => lockFolder(folder, { staleMs: 60_000, now: () => refreshed + 59_000 })).toThrow(
      `${folder} is in use by process 4242 on elsewhere`,
    );
    expect(() => lock(folder, { staleMs: 60_000, now: () => refreshed + 61_000 })).not.toThrow();
  });

  it('refuses a cut-short lock file while it is recent rather than guess', () => {
    const folder = freshFolder();
    writeFileSync(`${folder}.lock`, '');
    // Its age on the test's clock, not the file system's against the process's (they differ under faketime).
    const written = Date.parse('2026-01-05T09:00:00Z');
    utimesSync(`${folder}.lock`, new Date(written), new Date(written));
    expect(() => lockFolder(folder, { staleMs: 60_000, now: () => written + 1000 })).toThrow(
      `${folder} is in use by another process`,
    );
  });

  it('removes its file on release, but never a lock that has become someone else’s', () => {
    const first = lock(freshFolder());
    first.release();
    expect(existsSync(first.path)).toBe(false);

    const folder = freshFolder();
    const second = lock(folder);
    leaveLock(folder, { pid: 4242, host: 'elsewhere' });
    second.release();
    expect(existsSync(second.path)).toBe(true);
  });

  it('tells its holder when the lock file stops being its own', async () => {
    const folder = freshFolder();
    const onLost = vi.fn();
    lock(folder, { refreshMs: 20, onLost });
    leaveLock(folder, { pid: 4242, host: 'elsewhere' });
    await vi.waitFor(() => expect(onLost).toHaveBeenCalledWith(expect.stringContaining(`${folder}.lock`)));
  });
});
