import { Cron } from 'croner';
import { expandOccurrences, type StandingWindowConfig } from '../core/maintenance/index.ts';
import { PAGE_TIME_ZONE } from '../core/time.ts';

const WEEK_MS = 7 * 86_400_000;

/**
 * When the next scheduled backup runs: the next BACKUP_TIME (Japan time) after `now`, or, when that
 * falls inside an occurrence of the standing maintenance window (the default 03:00 is inside the
 * default 02:00–04:00 on the third Wednesday), that occurrence's end: a backup must not read a
 * database while the platform is being worked on, nor add load to the window.
 */
export function nextBackupAt(
  now: Date,
  time: { hour: number; minute: number },
  standingWindow: StandingWindowConfig | null,
): Date {
  const daily = new Cron(`${time.minute} ${time.hour} * * *`, { timezone: PAGE_TIME_ZONE, paused: true });
  let at = daily.nextRun(now)!;
  daily.stop();
  if (!standingWindow) return at;
  // A window no longer than a week (edits.ts's MAX_WINDOW_DAYS) that covers `at` started within the week before.
  for (;;) {
    const covering = expandOccurrences(
      standingWindow,
      new Date(at.getTime() - WEEK_MS),
      new Date(at.getTime() + 1),
    ).find((o) => o.start <= at && at < o.end);
    if (!covering) return at;
    at = covering.end;
  }
}
