import { type ChildProcess, type SpawnOptions, spawn } from 'node:child_process';

/**
 * Spawns `command` in a session of its own (setsid), as a service runs in a cgroup of its own: the
 * scheduler shares the CPU between sessions first (Linux's autogroups), and then by nice value
 * within each. A server's publisher runs niced below its serving thread (render-worker.ts); in the
 * test runner's session it also ran niced below every test worker, and a whole publish that takes
 * 1 s alone took 7 s beside two busy workers (and past a test's 10 s in CI). In a session of its own
 * it took 1.4–1.7 s beside the same two.
 *
 * A child in another session misses the terminal's Ctrl-C, so this worker ends each child still
 * running when it exits or is stopped by a signal.
 */
export function spawnInOwnSession(command: string, args: string[], options: SpawnOptions): ChildProcess {
  const child = spawn(command, args, { ...options, detached: true });
  running.add(child);
  child.once('exit', () => running.delete(child));
  endChildrenOnExit();
  return child;
}

const running = new Set<ChildProcess>();
let hooked = false;

function endChildrenOnExit(): void {
  if (hooked) return;
  hooked = true;
  const endAll = () => {
    for (const child of running) child.kill('SIGKILL');
  };
  process.once('exit', endAll);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const)
    process.once(signal, () => {
      endAll();
      // Then the signal's own ending, which this listener replaced.
      process.kill(process.pid, signal);
    });
}
