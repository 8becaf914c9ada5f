import holidayJp from '@holiday-jp/holiday_jp';
import { DateTime } from 'luxon';
import { PAGE_TIME_ZONE } from '../time.ts';
import { WEEKDAYS, type SupportDeskConfig } from './support-desk-config.ts';

export interface OpeningInterval {
  start: Date;
  /** Exclusive: at 12:00 a 09:00–12:00 desk is closed. */
  end: Date;
}

export interface SupportStatus {
  phone: {
    open: boolean;
    /** The phone status stays as it is on [now, nextChange). */
    nextChange: Date;
    /** The next opening that starts after now (while open: the one after this closes); null if none within the 400-day horizon. */
    nextOpen: Date | null;
  };
  form: { open: true };
}

/** Far enough for any run of holidays and closed dates; past it the desk counts as closed. */
const HORIZON_DAYS = 400;

/**
 * The phone desk's open intervals that overlap [from, to), in order, with their real bounds
 * (not clipped), so that a static page can embed them and say "open until 12:00" without a server.
 */
export function openingIntervals(config: SupportDeskConfig, from: Date, to: Date): OpeningInterval[] {
  const out: OpeningInterval[] = [];
  const days = Math.ceil((to.getTime() - from.getTime()) / 86_400_000) + 2;
  for (const interval of openings(config, from, days)) {
    if (interval.start >= to) break;
    out.push(interval);
  }
  return out;
}

export function supportStatus(config: SupportDeskConfig, now: Date): SupportStatus {
  const horizon = DateTime.fromJSDate(now, { zone: PAGE_TIME_ZONE }).plus({ days: HORIZON_DAYS }).toJSDate();
  const upcoming = openings(config, now, HORIZON_DAYS);
  const first = upcoming.next();
  const current = !first.done && first.value.start <= now ? first.value : null;
  const next = current ? upcoming.next() : first;
  const nextOpen = next.done ? null : next.value.start;
  return {
    phone: { open: current !== null, nextChange: current?.end ?? nextOpen ?? horizon, nextOpen },
    form: { open: true },
  };
}

/** Open intervals ending after `from`, day by day in JST; touching ranges (e.g. 22:00–24:00, 00:00–02:00) are joined. */
function* openings(config: SupportDeskConfig, from: Date, days: number): Generator<OpeningInterval, void> {
  // Start a day early: a range joined across midnight must keep its real start.
  let day = DateTime.fromJSDate(from, { zone: PAGE_TIME_ZONE }).startOf('day').minus({ days: 1 });
  let pending: OpeningInterval | null = null;
  for (let i = 0; i <= days; i++, day = day.plus({ days: 1 })) {
    if (!isOpenDay(config, day)) continue;
    for (const range of config.phone.hours) {
      const interval = { start: at(day, range.from), end: at(day, range.to) };
      if (pending && pending.end.getTime() === interval.start.getTime()) {
        pending.end = interval.end;
        continue;
      }
      if (pending && pending.end > from) yield pending;
      pending = interval;
    }
  }
  if (pending && pending.end > from) yield pending;
}

function isOpenDay(config: SupportDeskConfig, day: DateTime): boolean {
  const date = day.toISODate()!;
  if (!config.phone.days.includes(WEEKDAYS[day.weekday - 1]!)) return false;
  if (config.phone.closedOnPublicHolidays && holidayJp.isHoliday(date)) return false;
  return !config.phone.closedDates.includes(date);
}

function at(day: DateTime, clock: string): Date {
  const [hour, minute] = clock.split(':').map(Number) as [number, number];
  return (hour === 24 ? day.plus({ days: 1 }) : day.set({ hour, minute })).toJSDate();
}
