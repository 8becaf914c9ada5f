import { DateTime } from 'luxon';

/** The page's own zone: every human-facing time is shown in it, and labelled. */
export const PAGE_TIME_ZONE = 'Asia/Tokyo';

/** ISO 8601 with the page's offset and milliseconds, e.g. `2026-11-28T16:29:36.000+09:00` (what Statuspage clients parse). */
export function toIsoOffset(date: Date, zone: string = PAGE_TIME_ZONE): string {
  if (zone !== PAGE_TIME_ZONE) return isoOffset(date, zone);
  const ms = date.getTime();
  let iso = isoInPageZone.get(ms);
  if (iso === undefined) {
    if (isoInPageZone.size >= ISO_KEPT) isoInPageZone.clear();
    iso = isoOffset(date, zone);
    isoInPageZone.set(ms, iso);
  }
  return iso;
}

/**
 * Pages ask for the same instants again and again (every footer's "last updated", each incident's
 * times on its two language pages), and luxon takes about 10 µs a time: answers are kept, a few
 * thousand at most.
 */
const isoInPageZone = new Map<number, string>();
const ISO_KEPT = 4096;

function isoOffset(date: Date, zone: string): string {
  return DateTime.fromJSDate(date, { zone }).toISO({ suppressMilliseconds: false, includeOffset: true })!;
}

/** `toIsoOffset`, passing null through (API fields that may be empty). */
export function toIsoOffsetOrNull(date: Date | null, zone: string = PAGE_TIME_ZONE): string | null {
  return date ? toIsoOffset(date, zone) : null;
}

/** `YYYY-MM-DD` of the calendar day in the page's zone. */
export function toLocalDate(date: Date, zone: string = PAGE_TIME_ZONE): string {
  const day = zone === PAGE_TIME_ZONE ? pageZoneDay(date) : null;
  return day ? `${day.year}-${day.month}-${day.day}` : DateTime.fromJSDate(date, { zone }).toISODate()!;
}

/** `YYYY-MM` of the month in the page's zone (history pages are by JST month). */
export function toLocalMonth(date: Date, zone: string = PAGE_TIME_ZONE): string {
  const day = zone === PAGE_TIME_ZONE ? pageZoneDay(date) : null;
  return day ? `${day.year}-${day.month}` : DateTime.fromJSDate(date, { zone }).toFormat('yyyy-MM');
}

/**
 * The page zone's calendar day of an instant, straight from Intl (what luxon asks it too, with
 * a DateTime built around it: 2 µs instead of 10, and the history pages group every incident by
 * month). Null outside years 1000–9999, where the digits would need padding or an era: luxon's.
 */
function pageZoneDay(date: Date): { year: string; month: string; day: string } | null {
  const ms = date.getTime();
  if (!(ms >= FOUR_DIGIT_YEARS[0] && ms < FOUR_DIGIT_YEARS[1])) return null;
  const day = { year: '', month: '', day: '' };
  for (const part of PAGE_ZONE_DAY.formatToParts(date))
    if (part.type === 'year' || part.type === 'month' || part.type === 'day') day[part.type] = part.value;
  return day;
}
const PAGE_ZONE_DAY = new Intl.DateTimeFormat('en-US', {
  timeZone: PAGE_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});
/** Instants whose year has four digits in any zone (a day inside either end). */
const FOUR_DIGIT_YEARS = [Date.UTC(1000, 0, 2), Date.UTC(9999, 11, 31)] as const;
