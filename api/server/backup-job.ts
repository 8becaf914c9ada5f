import type { Database } from '../../db/client.ts';
import type { StandingWindowConfig } from '../core/maintenance/index.ts';
import type { BackupStatus } from './ops-status.ts';
import type { BackupConfig } from './backup-config.ts';
import { nextBackupAt } from './backup-schedule.ts';

/** How often the job looks at the clock: the process clock may be moved (the test clock) or the host may sleep. */
export const BACKUP_POLL_MS = 60_000;

export interface BackupJob {
  /** The next run, or null with BACKUP_TIME=off (or no folder). */
  nextAt(): Date | null;
  /** Runs the backup now if it is due (the test clock's move), resolving once it is made. */
  check(): Promise<void>;
  /** What /metrics reports: the newest backup in the folder, the folder's count, the failures here. */
  status(): Promise<BackupStatus | null>;
  /** Stops the timer and waits for a backup under way (before the database closes). */
  stop(): Promise<void>;
}

/**
 * The daily backup from the server (BACKUP_TIME, in Japan time, moved out of the standing window),
 * on the server's own database handle, so the embedded database needs no second process. On a
 * cluster only the instance that publishes makes it (`mayRun`): one backup a day for the site, not
 * one per instance. The backup code is loaded when a backup first runs. A failure is logged,
 * counted for /metrics, and the next day's run goes ahead as usual.
 */
export function startBackupJob(deps: {
  database: () => Database;
  config: BackupConfig;
  standingWindow: StandingWindowConfig | null;
  now: () => Date;
  log: (line: string) => void;
  mayRun: () => boolean;
  pollMs?: number;
}): BackupJob {
  const { config } = deps;
  const dir = config.dir;
  let failures = 0;
  let next: Date | null = config.time && dir ? nextBackupAt(deps.now(), config.time, deps.standingWindow) : null;
  let running: Promise<void> = Promise.resolve();

  const run = async (at: Date) => {
    if (!dir || !config.time) return;
    next = nextBackupAt(at, config.time, deps.standingWindow);
    if (!deps.mayRun()) return;
    try {
      const { db, kind } = deps.database();
      const { backupAndPrune } = await import('../backup/backup-and-prune.ts');
      const done = await backupAndPrune({ db, engine: kind, dir, now: at, rule: config.retention });
      deps.log(
        `backup: wrote ${done.file} (${done.bytes} bytes, ${done.rows} rows), kept ${done.plan.keep.length}, removed ${done.plan.remove.length}; next at ${next.toISOString()}`,
      );
    } catch (err) {
      failures += 1;
      deps.log(`backup: failed (${(err as Error).message}); next at ${next.toISOString()}`);
    }
  };

  const check = () => {
    const at = deps.now();
    if (next && at >= next) running = running.then(() => run(at));
    return running;
  };
  const timer = next ? setInterval(check, deps.pollMs ?? BACKUP_POLL_MS) : null;
  timer?.unref?.();
  deps.log(
    next
      ? `backup: daily at ${String(config.time!.hour).padStart(2, '0')}:${String(config.time!.minute).padStart(2, '0')} JST into ${dir}; the next at ${next.toISOString()}`
      : `backup: no scheduled backup (${dir ? 'BACKUP_TIME=off' : 'DATA_DIR=memory without BACKUP_DIR'})`,
  );

  return {
    nextAt: () => next,
    check,
    async status() {
      if (!dir) return null;
      const { readBackupStatus } = await import('../backup/status.ts');
      return readBackupStatus(dir, failures);
    },
    async stop() {
      if (timer) clearInterval(timer);
      await running;
    },
  };
}
