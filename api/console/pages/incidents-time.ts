import { DateTime } from 'luxon';
import { PAGE_TIME_ZONE, toIsoOffset } from '../../core/time.ts';

/**
 * `<input type="datetime-local">` carries a wall-clock time with no zone. The console's forms say
 * "JST" beside it and read it in the page's zone, whatever zone the browser or the server is in.
 */
const LOCAL_INPUT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?$/;

/** The value a `datetime-local` input shows for `date`, in JST, to the minute (what the control edits). */
export function toJstInput(date: Date): string {
  return DateTime.fromJSDate(date, { zone: PAGE_TIME_ZONE }).toFormat("yyyy-MM-dd'T'HH:mm");
}

/**
 * A `datetime-local` value read as JST, as the ISO 8601 instant with its offset that the API takes;
 * null when it is not such a value or names no real time (2026-02-30). Range checks stay the API's.
 */
export function fromJstInput(value: string): string | null {
  if (!LOCAL_INPUT.test(value)) return null;
  const at = DateTime.fromISO(value, { zone: PAGE_TIME_ZONE });
  return at.isValid ? toIsoOffset(at.toJSDate()) : null;
}

/** The default promise of a new post: the configured interval from now, to the minute the control can show. */
export function defaultNextUpdate(now: Date, intervalMinutes: number): string {
  return toJstInput(new Date(now.getTime() + intervalMinutes * 60_000));
}
