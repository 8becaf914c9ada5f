import type { Lang } from '@core/vocab.ts';
import { toLocalDate } from '@core/time.ts';
import { t } from '../../i18n/index.ts';

const LOCALE = { ja: 'ja-JP', en: 'en-GB' } as const;

/** Intl formatters cost tens of microseconds each to make, and a page formats a thousand figures: made once, kept. */
const numbers = new Map<string, Intl.NumberFormat>();
function number(lang: Lang, digits: number): Intl.NumberFormat {
  const key = `${lang}${digits}`;
  let format = numbers.get(key);
  if (!format) {
    format = new Intl.NumberFormat(LOCALE[lang], { maximumFractionDigits: digits });
    numbers.set(key, format);
  }
  return format;
}
const byLang = (make: (lang: Lang) => Intl.DateTimeFormat) => ({ ja: make('ja'), en: make('en') });
const CLOCK = byLang(
  (lang) =>
    new Intl.DateTimeFormat(LOCALE[lang], {
      timeZone: 'Asia/Tokyo',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    }),
);
const clockFormat = (lang: Lang) => CLOCK[lang];
/** The same options as public/assets/service-levels.js, so that the live text reads like the published one. */
const DAY_CLOCK = byLang(
  (lang) =>
    new Intl.DateTimeFormat(LOCALE[lang], {
      timeZone: 'Asia/Tokyo',
      month: lang === 'ja' ? 'long' : 'short',
      day: 'numeric',
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    }),
);
const dayClockFormat = (lang: Lang) => DAY_CLOCK[lang];
/** What `toLocaleDateString('en-GB', …)` made for each call. */
const EN_DATE = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });

/**
 * Availability as a percentage, cut (never rounded up) to three decimals: 99.98999% must not read
 * as 99.99%, the target it missed. Trailing zeros are dropped: `99.95%`, `100%`.
 */
export function formatPercent(lang: Lang, fraction: number | null): string {
  if (fraction === null) return t(lang, 'sl.noData');
  const thousandths = Math.floor(fraction * 100_000 + 1e-6) / 1000;
  return `${number(lang, 3).format(thousandths)}%`;
}

/** A target such as 0.9999 as `99.99%` (targets are exact: no cutting needed). */
export function formatTarget(lang: Lang, fraction: number): string {
  return `${number(lang, 4).format(Math.round(fraction * 1e6) / 1e4)}%`;
}

/** `12分` / `12 min`, `1時間30分` / `1 h 30 min`; fractions of a minute to one decimal (budgets to two). */
export function formatMinutes(lang: Lang, minutes: number, digits = 1): string {
  const sign = minutes < 0 ? '−' : '';
  const abs = Math.abs(minutes);
  if (abs < 60) return sign + t(lang, 'sl.minutes', { n: number(lang, digits).format(abs) });
  const whole = Math.round(abs);
  const h = number(lang, 0).format(Math.floor(whole / 60));
  return (
    sign + (whole % 60 === 0 ? t(lang, 'sl.hours', { h }) : t(lang, 'sl.hoursMinutes', { h, m: String(whole % 60) }))
  );
}

/** `6か月` / `6 months`, `1 month`. */
export function formatMonths(lang: Lang, n: number): string {
  return t(lang, n === 1 ? 'sl.oneMonth' : 'sl.months', { n: String(n) });
}

/** `14:30`, or `11月29日(日) 09:00` when the time is not on the JST day of `now`. The caller adds the zone label. */
export function formatClock(lang: Lang, date: Date, now: Date): string {
  return toLocalDate(date) === toLocalDate(now) ? clockFormat(lang).format(date) : dayClockFormat(lang).format(date);
}

/** Always with the date: `11月30日(月) 09:00`. */
export function formatDayClock(lang: Lang, date: Date): string {
  return dayClockFormat(lang).format(date);
}

export function formatClockOnly(lang: Lang, date: Date): string {
  return clockFormat(lang).format(date);
}

/** A JST calendar date `YYYY-MM-DD` as `2026年11月3日` / `3 Nov 2026`. */
export function formatDate(lang: Lang, isoDate: string): string {
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  return lang === 'ja' ? `${y}年${m}月${d}日` : EN_DATE.format(new Date(Date.UTC(y, m - 1, d)));
}

/** A JST date without its year, `12月1日` / `1 Dec`: for "since" notes inside a window shorter than a year. */
export function formatShortDate(lang: Lang, isoDate: string): string {
  const [, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  return lang === 'ja' ? `${m}月${d}日` : `${d} ${SHORT_MONTHS[m - 1]}`;
}
const SHORT_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

/**
 * The JST date measurement began when it began after the period did (a component new in the
 * period), else null: a figure must say it covers less than its label says.
 */
export function measuredSince(level: { measuredFrom: Date | null; period: { start: Date } }): string | null {
  return level.measuredFrom && level.measuredFrom > level.period.start ? toLocalDate(level.measuredFrom) : null;
}

export function formatCount(lang: Lang, n: number): string {
  return t(lang, 'sl.count', { n: number(lang, 0).format(n) });
}
