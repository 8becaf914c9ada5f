import { DateTime } from 'luxon';
import { PAGE_TIME_ZONE } from '../../core/time.ts';

/**
 * A `datetime-local` field carries a wall-clock time with no zone; the console's fields are labelled
 * JST, so it is read in Asia/Tokyo. Minutes, or seconds when the browser sends them; anything else
 * (an impossible date, an offset typed by hand) is not a JST wall-clock time and gives null.
 */
const LOCAL_FORMATS = ["yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss"];

/** The instant a JST `datetime-local` value names, as ISO 8601 with its `+09:00` offset (what the core's inputs parse); null when it names none. */
export function jstInputToIso(value: string): string | null {
  const trimmed = value.trim();
  for (const format of LOCAL_FORMATS) {
    const at = DateTime.fromFormat(trimmed, format, { zone: PAGE_TIME_ZONE });
    if (at.isValid) return at.toISO({ includeOffset: true, suppressMilliseconds: true });
  }
  return null;
}

/** The `datetime-local` value of an instant in JST (to fill a field with a stored time). */
export function toJstInput(date: Date): string {
  return DateTime.fromJSDate(date, { zone: PAGE_TIME_ZONE }).toFormat("yyyy-MM-dd'T'HH:mm");
}
