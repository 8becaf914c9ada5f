import { addCalendarMonths } from './calendar-months.ts';
import { RRule } from './rrule.ts';
import { parseRecurrenceRule, type StandingWindowConfig } from './window-config.ts';
import {
  floatingToWallClock,
  instantToWallClock,
  wallClockToFloating,
  wallClockToInstant,
  type WallClock,
} from './wall-clock.ts';

/** One occurrence of a standing window, ready to be published as a maintenance. */
export interface Occurrence {
  /**
   * Series id + local date (`monthly20260715`): the same occurrence always gets the same key, so
   * a publisher that upserts by it never duplicates. It matches ID_PATTERN and may serve as the id.
   */
  key: string;
  seriesId: string;
  /** `YYYY-MM-DD` in the window's zone. */
  localDate: string;
  start: Date;
  end: Date;
  componentIds: string[] | 'all';
  title: string;
  titleEn: string | null;
  body: string;
  bodyEn: string | null;
}

/**
 * Publish this many months beyond the policy's lead: the publisher runs periodically, and an
 * occurrence first picked up exactly at the 6-month mark would already be a little short of it.
 * With one month of margin, a publisher running at least monthly gives every occurrence its full notice.
 */
export const PUBLISH_MARGIN_MONTHS = 1;

const DAY_MS = 86_400_000;

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

function ruleFor(config: StandingWindowConfig): InstanceType<typeof RRule> {
  const options = parseRecurrenceRule(config.rrule);
  if (typeof options === 'string') throw new RangeError(`rrule ${options}`);
  const [year, month, day] = config.startsOn.split('-').map(Number) as [number, number, number];
  const [hour, minute] = config.startTime.split(':').map(Number) as [number, number];
  // rrule is given a floating start (wall-clock fields in UTC) and no tzid: its own tzid support
  // shifts by the host's offset. Turning wall clock into instants is ours (wall-clock.ts).
  return new RRule({ ...options, dtstart: wallClockToFloating({ year, month, day, hour, minute }) });
}

/**
 * The window of one occurrence. Start and end are both wall-clock times in the window's zone
 * (02:00 and 02:00 + duration), because that is what the promise says and what customers read
 * on their clocks. On a spring-forward night 02:00–04:00 in New York becomes 03:00–04:00 EDT:
 * the start is read with the pre-gap offset (RFC 5545), the end stays 04:00. Should a short
 * window fall wholly inside the gap, it keeps its duration from the shifted start instead.
 */
export function occurrenceWindow(wallStart: WallClock, config: StandingWindowConfig): { start: Date; end: Date } {
  const start = wallClockToInstant(wallStart, config.tzid);
  const wallEnd = floatingToWallClock(
    new Date(wallClockToFloating(wallStart).getTime() + config.durationMinutes * 60_000),
  );
  const end = wallClockToInstant(wallEnd, config.tzid);
  if (end > start) return { start, end };
  return { start, end: new Date(start.getTime() + config.durationMinutes * 60_000) };
}

/** Occurrences whose start lies in [from, to), in order. */
export function expandOccurrences(config: StandingWindowConfig, from: Date, to: Date): Occurrence[] {
  if (!(to > from)) return [];
  const rule = ruleFor(config);
  // Widen the floating bounds by a day each side (no zone is more than 14 hours off UTC),
  // then filter on real instants.
  const after = new Date(wallClockToFloating(instantToWallClock(from, config.tzid)).getTime() - DAY_MS);
  const before = new Date(wallClockToFloating(instantToWallClock(to, config.tzid)).getTime() + DAY_MS);
  const occurrences: Occurrence[] = [];
  for (const floating of rule.between(after, before, true)) {
    const wall = floatingToWallClock(floating);
    const { start, end } = occurrenceWindow(wall, config);
    if (start < from || start >= to) continue;
    const localDate = `${wall.year}-${pad(wall.month)}-${pad(wall.day)}`;
    occurrences.push({
      key: `${config.id}${localDate.replaceAll('-', '')}`,
      seriesId: config.id,
      localDate,
      start,
      end,
      componentIds: config.componentIds,
      title: config.title,
      titleEn: config.titleEn,
      body: config.body,
      bodyEn: config.bodyEn,
    });
  }
  return occurrences;
}

/** The end (exclusive) of what `occurrencesToPublish` covers: `horizonMonths` (the maintenance lead time) + the margin, in JST calendar months. */
export function publishHorizon(now: Date, horizonMonths: number): Date {
  return addCalendarMonths(now, horizonMonths + PUBLISH_MARGIN_MONTHS);
}

/**
 * Every occurrence that should be on the page at `now`: those not yet started, through the
 * horizon. Upsert by `key`; occurrences already published (or rescheduled, or cancelled) are
 * the publisher's to leave alone.
 */
export function occurrencesToPublish(config: StandingWindowConfig, now: Date, horizonMonths: number): Occurrence[] {
  return expandOccurrences(config, now, publishHorizon(now, horizonMonths));
}
