import { DateTime } from 'luxon';
import { PAGE_TIME_ZONE } from '../time.ts';

/**
 * `date` plus whole calendar months on the JST calendar: 2026-01-15T10:00+09:00 + 6 → 2026-07-15T10:00+09:00.
 * A day the target month lacks is clamped to its last day (08-31 + 6 → 02-28), so
 * "N months' notice" never demands more than N calendar months.
 */
export function addCalendarMonths(date: Date, months: number, zone: string = PAGE_TIME_ZONE): Date {
  const ms = remembered(`+ ${date.getTime()} ${months} ${zone}`, () =>
    DateTime.fromJSDate(date, { zone }).plus({ months }).toMillis(),
  );
  return new Date(ms);
}

/** Whole calendar months from `from` to `to` on the JST calendar (0 when `to` is earlier). */
export function wholeCalendarMonths(from: Date, to: Date, zone: string = PAGE_TIME_ZONE): number {
  if (to <= from) return 0;
  return remembered(`- ${from.getTime()} ${to.getTime()} ${zone}`, () =>
    Math.floor(DateTime.fromJSDate(to, { zone }).diff(DateTime.fromJSDate(from, { zone }), 'months').months),
  );
}

/**
 * Answers already computed, by their inputs: every publish measures the notice of every
 * maintenance and notice of the site again (the listings, the promises page), the same dates each
 * time, and through luxon each costs tens of microseconds (~5 ms a publish on five years).
 */
const answers = new Map<string, number>();

function remembered(key: string, compute: () => number): number {
  let answer = answers.get(key);
  if (answer === undefined) {
    answer = compute();
    if (answers.size >= 8192) answers.clear();
    answers.set(key, answer);
  }
  return answer;
}
