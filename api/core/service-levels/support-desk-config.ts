import { z } from 'zod';
import { ValidationError } from '../errors.ts';

/** Luxon's weekday numbers are 1 (Monday) … 7 (Sunday); index + 1 here. */
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** `HH:MM` in JST; `24:00` allowed so that a range may run to midnight. */
const clock = z.string().regex(/^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'must be HH:MM (00:00–24:00)');

const range = z
  .object({ from: clock, to: clock })
  .refine((r) => r.from < r.to, { message: '"from" must be before "to"', path: ['to'] });

/** Sheet No. 26: phone on weekdays 9:00–12:00 and 13:00–17:00 (closed for lunch). */
const DEFAULT_PHONE_HOURS = [
  { from: '09:00', to: '12:00' },
  { from: '13:00', to: '17:00' },
];

export const SupportDeskConfigSchema = z.object({
  phone: z
    .object({
      days: z.array(z.enum(WEEKDAYS)).min(1).prefault(['mon', 'tue', 'wed', 'thu', 'fri']),
      hours: z
        .array(range)
        .min(1)
        .prefault(DEFAULT_PHONE_HOURS)
        // Sorted and disjoint, so opening intervals come out in order and "next change" is the next boundary.
        .transform((hours) => [...hours].sort((a, b) => a.from.localeCompare(b.from)))
        .superRefine((hours, ctx) => {
          for (let i = 1; i < hours.length; i++) {
            if (hours[i]!.from < hours[i - 1]!.to)
              ctx.addIssue({
                code: 'custom',
                message: `${hours[i]!.from} overlaps the range ending ${hours[i - 1]!.to}`,
                path: [i],
              });
          }
        }),
      /** Japanese public holidays (祝日・振替休日・国民の休日), from @holiday-jp/holiday_jp. */
      closedOnPublicHolidays: z.boolean().prefault(true),
      /** Extra closed JST dates, e.g. the year-end break (年末年始), which is not a public holiday. */
      closedDates: z.array(z.iso.date()).prefault([]),
    })
    .prefault({}),
  /** Sheet No. 27: the contact form takes requests 24h/365d; there are no hours to configure. */
  form: z.object({ alwaysOpen: z.literal(true) }).prefault({ alwaysOpen: true }),
});

export type SupportDeskConfig = z.output<typeof SupportDeskConfigSchema>;

/** Validate once, at start-up; a bad setting names its field. */
export function parseSupportDeskConfig(input: unknown = {}): SupportDeskConfig {
  const parsed = SupportDeskConfigSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  throw new ValidationError(
    parsed.error.issues.map((issue) => ({
      field: ['support_desk', ...issue.path.map(String)].join('.'),
      message: issue.message,
    })),
  );
}

export const DEFAULT_SUPPORT_DESK: SupportDeskConfig = parseSupportDeskConfig({});
