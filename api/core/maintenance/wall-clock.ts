import { DateTime, IANAZone } from 'luxon';

export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

const DAY_MS = 86_400_000;

function offsetMs(zone: IANAZone, at: number): number {
  return zone.offset(at) * 60_000;
}

/**
 * The instant a wall-clock time denotes in `tzid`, by RFC 5545 §3.3.5's rules for DATE-TIME with
 * TZID: a time that occurs twice (clocks fall back) means the first occurrence; a time that does
 * not occur (clocks spring forward) is read with the offset from before the gap, so 02:30 on
 * a New York spring-forward night is 07:30Z, i.e. 03:30 EDT. Luxon alone would pick the second
 * occurrence in the overlap, hence this function.
 */
export function wallClockToInstant(wall: WallClock, tzid: string): Date {
  const zone = IANAZone.create(tzid);
  if (!zone.isValid) throw new RangeError(`Unknown time zone "${tzid}"`);
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute);
  // The instant lies within 14 hours of `asUtc`; the offsets a day either side are the ones in
  // force before and after any switch near it (no zone switches twice within two days).
  const before = offsetMs(zone, asUtc - DAY_MS);
  const after = offsetMs(zone, asUtc + DAY_MS);
  const candidates = [asUtc - before, asUtc - after]
    .filter((t) => offsetMs(zone, t) === asUtc - t)
    .sort((a, b) => a - b);
  return new Date(candidates[0] ?? asUtc - before);
}

/** The wall clock at `date` in `tzid`. */
export function instantToWallClock(date: Date, tzid: string): WallClock {
  const d = DateTime.fromJSDate(date, { zone: tzid });
  return { year: d.year, month: d.month, day: d.day, hour: d.hour, minute: d.minute };
}

/** A wall clock as a "floating" Date whose UTC fields are the wall-clock fields (what rrule computes with). */
export function wallClockToFloating(wall: WallClock): Date {
  return new Date(Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute));
}

export function floatingToWallClock(floating: Date): WallClock {
  return {
    year: floating.getUTCFullYear(),
    month: floating.getUTCMonth() + 1,
    day: floating.getUTCDate(),
    hour: floating.getUTCHours(),
    minute: floating.getUTCMinutes(),
  };
}
