import type { Db } from '../../db/client.ts';
import type { Change } from '../core/change.ts';
import { ensureStandingWindowOccurrences } from '../core/commands/ensure-standing-window.ts';
import type { SiteSettings } from '../core/settings.ts';
import { atLevel } from './log-lazy.ts';

/** Hourly: far more often than the one-month publishing margin needs, so a restart or an outage costs nothing. */
export const STANDING_WINDOW_INTERVAL_MS = 60 * 60 * 1000;

/**
 * Keeps the standing window's occurrences published through the horizon without an operator
 * having to remember: once now (awaited, so the first publish shows them), then every hour,
 * notifying the publisher of each occurrence it adds. A failed run (database away) is logged and
 * retried at the next tick.
 */
export async function startStandingWindowJob(deps: {
  db: Db;
  settings: Pick<SiteSettings, 'standingWindow' | 'leadTimePolicy'>;
  notify: (change: Change) => void;
  now: () => Date;
  log: (line: string) => void;
}) {
  const { standingWindow, leadTimePolicy } = deps.settings;
  let running: Promise<void> = Promise.resolve();

  const run = (notify: boolean) =>
    (running = running.then(async () => {
      if (!standingWindow) return;
      try {
        const { inserted } = await ensureStandingWindowOccurrences({
          db: deps.db,
          now: deps.now(),
          config: standingWindow,
          policy: leadTimePolicy,
        });
        if (inserted.length)
          deps.log(`standing window: published ${inserted.length} occurrence(s): ${inserted.join(', ')}`);
        if (notify) for (const id of inserted) deps.notify({ kind: 'maintenance', id });
      } catch (err) {
        atLevel(deps.log, 'error')(`standing window: ${(err as Error).message}`);
      }
    }));

  await run(false);
  const timer = setInterval(() => void run(true), STANDING_WINDOW_INTERVAL_MS);
  timer.unref?.();
  return {
    /** One run now, without notifying (the test clock's move republishes everything after it). */
    runNow: (): Promise<void> => run(false),
    /** Stops the timer and waits for a run under way (before the database closes). */
    async stop(): Promise<void> {
      clearInterval(timer);
      await running;
    },
  };
}
