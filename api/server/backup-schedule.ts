import { DateTime } from 'luxon';
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
  // luxon, which the core has loaded already, rather than croner: one time of day needs no cron
  // expression, and the server's start loads nothing more for it (issue 10's memory budget).
  const today = DateTime.fromJSDate(now, { zone: PAGE_TIME_ZONE }).set({ ...time, second: 0, millisecond: 0 });
  let at = (today.toMillis() > now.getTime() ? today : today.plus({ days: 1 })).toJSDate();
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
