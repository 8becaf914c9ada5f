import { DateTime } from 'luxon';
import { PAGE_TIME_ZONE } from '../time.ts';

/**
 * `date` plus whole calendar months on the JST calendar: 2026-01-15T10:00+09:00 + 6 → 2026-07-15T10:00+09:00.
 * A day the target month lacks is clamped to its last day (08-31 + 6 → 02-28), so
 * "N months' notice" never demands more than N calendar months.
 */
export function addCalendarMonths(date: Date, months: number, zone: string = PAGE_TIME_ZONE): Date {
  return DateTime.fromJSDate(date, { zone }).plus({ months }).toJSDate();
}

/** Whole calendar months from `from` to `to` on the JST calendar (0 when `to` is earlier). */
export function wholeCalendarMonths(from: Date, to: Date, zone: string = PAGE_TIME_ZONE): number {
  if (to <= from) return 0;
  const months = DateTime.fromJSDate(to, { zone }).diff(DateTime.fromJSDate(from, { zone }), 'months').months;
  return Math.floor(months);
}
