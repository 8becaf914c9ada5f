import { z } from 'zod';
import { IANAZone } from 'luxon';
import { bodyText, id, parseInput, title } from '../input/common.ts';
import { Frequency, RRule, type RRuleOptions } from './rrule.ts';

/** Finer frequencies, and BYHOUR/BYMINUTE/BYSECOND, would fight `startTime`, which alone sets the time of day. */
const ALLOWED_FREQUENCIES = [Frequency.YEARLY, Frequency.MONTHLY, Frequency.WEEKLY, Frequency.DAILY];

/** The RRULE value (RFC 5545 §3.3.10) parsed, or a reason it is not acceptable here. */
export function parseRecurrenceRule(rule: string): Partial<RRuleOptions> | string {
  const text = rule.trim().replace(/^RRULE:/i, '');
  if (!text || /[\r\n]|DTSTART|TZID/i.test(text)) return 'must be a single RRULE value without DTSTART or TZID';
  let options: Partial<RRuleOptions>;
  try {
    options = RRule.parseString(text);
  } catch (error) {
    return `is not a valid RRULE: ${(error as Error).message}`;
  }
  if (options.freq === undefined || !ALLOWED_FREQUENCIES.includes(options.freq)) {
    return 'FREQ must be YEARLY, MONTHLY, WEEKLY or DAILY';
  }
  if (options.byhour != null || options.byminute != null || options.bysecond != null) {
    return 'must not set BYHOUR, BYMINUTE or BYSECOND (startTime sets the time of day)';
  }
  return options;
}

export const standingWindowConfig = z.strictObject({
  /** Series id; with the local date it makes each occurrence's key (and id), so keep it short. */
  id: id.refine((s) => s.length <= 48, 'must be at most 48 characters'),
  rrule: z.string().superRefine((rule, ctx) => {
    const parsed = parseRecurrenceRule(rule);
    if (typeof parsed === 'string') ctx.addIssue({ code: 'custom', message: parsed });
  }),
  /**
   * First local date of the series. Rules with INTERVAL or COUNT count from it, so it is fixed
   * configuration, never "today": expanding from another day must give the same occurrences.
   */
  startsOn: z.iso.date(),
  startTime: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM (24-hour)'),
  /** Wall-clock minutes: the window ends at the local time start + duration (see occurrenceWindow). */
  durationMinutes: z
    .number()
    .int()
    .min(1)
    .max(24 * 60),
  tzid: z.string().refine((s) => IANAZone.isValidZone(s), 'must be an IANA time zone such as Asia/Tokyo'),
  componentIds: z.union([z.literal('all'), z.array(id).min(1).max(200)]),
  title: title(200),
  titleEn: title(200).nullable(),
  body: bodyText(),
  bodyEn: bodyText().nullable(),
});
export type StandingWindowConfig = z.output<typeof standingWindowConfig>;

/**
 * The sheet's promise (No. 1): monthly, 02:00–04:00 JST. The third Wednesday (the 15th–21st)
 * keeps clear of the invoicing platform's busiest days — month-end closing and the first
 * business days that follow, and the 25th, the usual Japanese payment day — and of the
 * New Year and Golden Week holidays; a mid-week night also has the full team on hand the
 * next morning, unlike a weekend or a Monday.
 */
export const DEFAULT_STANDING_WINDOW: StandingWindowConfig = Object.freeze({
  id: 'monthly',
  rrule: 'FREQ=MONTHLY;BYDAY=+3WE',
  startsOn: '2026-01-01',
  startTime: '02:00',
  durationMinutes: 120,
  tzid: 'Asia/Tokyo',
  componentIds: 'all',
  title: '定期メンテナンス',
  titleEn: 'Monthly scheduled maintenance',
  body: '毎月第3水曜日 02:00〜04:00（日本時間）に定期メンテナンスを行います。この間、サービスをご利用いただけない場合があります。',
  bodyEn:
    'Scheduled maintenance takes place on the third Wednesday of every month, 02:00–04:00 JST. The service may be unavailable during this time.',
});

/** Validate a standing-window configuration (once, at start-up or when an operator edits it). */
export function parseStandingWindow(input: unknown): StandingWindowConfig {
  return parseInput(standingWindowConfig, input);
}
