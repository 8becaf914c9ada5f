import { DateTime } from 'luxon';

/** The page's own zone: every human-facing time is shown in it, and labelled. */
export const PAGE_TIME_ZONE = 'Asia/Tokyo';

/** ISO 8601 with the page's offset and milliseconds, e.g. `2026-11-28T16:29:36.000+09:00` (what Statuspage clients parse). */
export function toIsoOffset(date: Date, zone: string = PAGE_TIME_ZONE): string {
  return DateTime.fromJSDate(date, { zone }).toISO({ suppressMilliseconds: false, includeOffset: true })!;
}

/** `toIsoOffset`, passing null through (API fields that may be empty). */
export function toIsoOffsetOrNull(date: Date | null, zone: string = PAGE_TIME_ZONE): string | null {
  return date ? toIsoOffset(date, zone) : null;
}

/** `YYYY-MM-DD` of the calendar day in the page's zone. */
export function toLocalDate(date: Date, zone: string = PAGE_TIME_ZONE): string {
  return DateTime.fromJSDate(date, { zone }).toISODate()!;
}

/** `YYYY-MM` of the month in the page's zone (history pages are by JST month). */
export function toLocalMonth(date: Date, zone: string = PAGE_TIME_ZONE): string {
  return DateTime.fromJSDate(date, { zone }).toFormat('yyyy-MM');
}
