import { randomUUID } from 'node:crypto';
import {
  closeSync,
  fsyncSync,
  linkSync,
  mkdirSync,
  openSync,
  readFileSync,
  readlinkSync,
  renameSync,
  statSync,
  unlinkSync,
  utimesSync,
  writeSync,
} from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';

/**
 * One process at a time on an embedded database folder: PGlite has no lock of its own (its
 * postmaster.pid holds a fixed fake pid), and two processes writing one folder lose acknowledged
 * writes.
 *
 * A pid file made with O_EXCL, not proper-lockfile: proper-lockfile judges a lock only by an mtime
 * its holder refreshes, so after a SIGKILL a restart is refused until that delay has passed, a
 * holder whose event loop stalls longer than the delay (a long render) loses its lock to a second
 * process while it still writes, and no pid is recorded to name in the refusal. Here a holder on
 * this host in this pid namespace is checked by its pid: a killed one is recognised at once and a
 * live one never loses the lock. Only a holder we cannot see (another container or host sharing
 * the folder) is judged by the mtime it refreshes.
 */
export interface FolderLock {
  /** The lock file, beside the folder. */
  path: string;
  /** Removes the lock file if it is still ours. Idempotent; also runs at process exit. */
  release(): void;
}

export interface FolderLockOptions {
  /** A holder we cannot check by pid counts as gone once its lock has not been refreshed for this long. */
  staleMs?: number;
  refreshMs?: number;
  now?: () => number;
  /** Called if the lock file stops being ours (taken over, deleted). Default: say so and exit 1. */
  onLost?: (message: string) => void;
  /** What the folder holds, for the refusal: "an embedded database" unless told. */
  holds?: string;
}

interface Holder {
  pid: number;
  host: string;
  /** Linux's pid namespace (`pid:[…]`): pids from another namespace cannot be checked here. */
  pidNamespace: string | null;
  token: string;
  since: string;
}

const heldHere = new Map<string, { token: string; timer: NodeJS.Timeout }>();

export function lockFolder(folder: string, options: FolderLockOptions = {}): FolderLock {
  const staleMs = options.staleMs ?? 60_000;
  const refreshMs = options.refreshMs ?? 10_000;
  const now = options.now ?? Date.now;
  const dir = path.resolve(folder);
  const lockPath = `${dir}.lock`;
  if (heldHere.has(lockPath))
    throw new Error(`${dir} is already open in this process (pid ${process.pid}): open it once and share it.`);
  mkdirSync(path.dirname(lockPath), { recursive: true });
  const me: Holder = {
    pid: process.pid,
    host: hostname(),
    pidNamespace: pidNamespace(),
    token: randomUUID(),
    since: new Date(now()).toISOString(),
  };
  const record = JSON.stringify(me);

  for (let attempt = 0; ; attempt++) {
    if (tryCreate(lockPath, record)) break;
    if (attempt >= 5) throw new Error(`${dir}: could not take ${lockPath}, other processes keep changing it.`);
    const seen = readIfExists(lockPath);
    if (seen === null) continue;
    const holder = parseHolder(seen.text);
    const verdict = judge(holder, me, seen.mtimeMs, now(), staleMs);
    if (verdict !== 'gone')
      throw new Error(refusal(dir, lockPath, holder, verdict, staleMs, options.holds ?? 'an embedded database'));
    // Move the stale file aside first: a rename succeeds for one process only, and reading what was
    // moved tells whether it is still the stale lock judged above or a fresh one taken meanwhile.
    const aside = `${lockPath}.${me.token}.stale`;
    try {
      renameSync(lockPath, aside);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw err;
    }
    const moved = readIfExists(aside);
    if (moved?.text !== seen.text || moved.ino !== seen.ino || moved.mtimeMs !== seen.mtimeMs) {
      tryRestore(aside, lockPath);
      continue;
    }
    unlinkSync(aside);
  }

  const onLost =
    options.onLost ??
    ((message: string) => {
      // Writing on would corrupt the database of whoever holds the folder now.
      console.error(message);
      process.exit(1);
    });
  const timer = setInterval(() => {
    let current: { text: string } | null;
    try {
      current = readIfExists(lockPath);
      if (current?.text === record) utimesSync(lockPath, new Date(now()), new Date(now()));
    } catch {
      // A refresh that fails (a read-only remount, a passing I/O error) only makes the lock look
      // older to a holder elsewhere; it is no reason to stop serving.
      return;
    }
    if (current?.text !== record) {
      release();
      onLost(`${dir}: the lock ${lockPath} is no longer this process's (pid ${process.pid}); stopping.`);
    }
  }, refreshMs);
  timer.unref();
  heldHere.set(lockPath, { token: me.token, timer });
  process.once('exit', release);

  function release() {
    const held = heldHere.get(lockPath);
    if (held?.token !== me.token) return;
    clearInterval(held.timer);
    heldHere.delete(lockPath);
    process.removeListener('exit', release);
    try {
      if (readIfExists(lockPath)?.text === record) unlinkSync(lockPath);
    } catch {
      // Left behind, it is recognised as stale: this pid is gone (or is ours) by the next start.
    }
  }
  return { path: lockPath, release };
}

type Verdict = 'alive' | 'unverifiable' | 'gone';

function judge(holder: Holder | null, me: Holder, mtimeMs: number, now: number, staleMs: number): Verdict {
  const checkable = holder && holder.host === me.host && holder.pidNamespace === me.pidNamespace;
  if (checkable) {
    // Our own pid but not our token: a previous life of this process slot (a container's pid 1).
    if (holder.pid === me.pid) return 'gone';
    return isAlive(holder.pid) ? 'alive' : 'gone';
  }
  // Another host or container, or a file cut short: only its refreshes can show it is alive.
  return now - mtimeMs < staleMs ? 'unverifiable' : 'gone';
}

function refusal(
  dir: string,
  lockPath: string,
  holder: Holder | null,
  verdict: Verdict,
  staleMs: number,
  holds: string,
): string {
  const who = holder ? `process ${holder.pid} on ${holder.host} (since ${holder.since})` : 'another process';
  const advice =
    verdict === 'alive'
      ? 'Stop that process first, or give this one another DATA_DIR.'
      : `If that process is gone, its lock is taken over once it is ${staleMs / 1000} s old, or delete ${lockPath}.`;
  return `${dir} is in use by ${who}: ${holds} takes one process at a time. ${advice}`;
}

function tryCreate(lockPath: string, record: string): boolean {
  let fd: number;
  try {
    fd = openSync(lockPath, 'wx');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
  try {
    writeSync(fd, record);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  return true;
}

function tryRestore(aside: string, lockPath: string) {
  // Back in place unless a third process has taken the path meanwhile (link, unlike rename, never
  // replaces); a holder whose lock stays gone notices at its next refresh.
  try {
    linkSync(aside, lockPath);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  unlinkSync(aside);
}

function readIfExists(file: string): { text: string; mtimeMs: number; ino: number } | null {
  try {
    const { mtimeMs, ino } = statSync(file);
    return { text: readFileSync(file, 'utf8'), mtimeMs, ino };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

function parseHolder(text: string): Holder | null {
  try {
    const h = JSON.parse(text) as Partial<Holder>;
    return typeof h.pid === 'number' && typeof h.host === 'string' && typeof h.token === 'string'
      ? { pid: h.pid, host: h.host, pidNamespace: h.pidNamespace ?? null, token: h.token, since: String(h.since) }
      : null;
  } catch {
    return null;
  }
}

function pidNamespace(): string | null {
  try {
    return readlinkSync('/proc/self/ns/pid');
  } catch {
    return null;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists, under another user.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
