import { z } from 'zod';
import { type FieldIssue, fieldIssue, ValidationError } from '../errors.ts';
import { ID_PATTERN } from '../ids.ts';
import { say } from '../messages/say.ts';
import { zodIssueTexts, zodMessage } from '../messages/zod.ts';
import { MAX_NESTING, nestsTooDeeply } from '../text/markdown.ts';

/**
 * Text that people type. XML-illegal control characters are refused here rather than stripped
 * later, so what is stored is what is shown (tab, LF and CR remain allowed in bodies).
 */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

/**
 * Bidi embeddings, overrides and isolates reorder the text around them on a page but not in a
 * feed reader or a mail subject, so one title could read as other words in each (CVE-2021-42574,
 * "Trojan Source"). Refused rather than neutralised: stored text stays what every channel shows.
 */
const BIDI_CONTROL = /[\u202A-\u202E\u2066-\u2069]/;

/** Something a reader can see: not only spaces, zero-width characters or other invisible format controls. */
const VISIBLE = /[^\s\p{Default_Ignorable_Code_Point}\p{Cf}\p{Z}]/u;

const readable: z.core.$ZodCheck<string>[] = [
  z.refine<string>((s) => !CONTROL.test(s), zodMessage('field.noControl')),
  z.refine<string>((s) => !BIDI_CONTROL.test(s), zodMessage('field.noBidi')),
  z.refine<string>((s) => VISIBLE.test(s), {
    message: zodMessage('field.visible'),
    // An empty text has already been told it must not be empty.
    when: (payload) => !payload.issues.length,
  }),
];

export const title = (max = 200) =>
  z
    .string()
    .trim()
    .min(1, zodMessage('field.notEmpty'))
    .max(max, zodMessage('field.maxChars', { max }))
    .refine((s) => !/[\r\n]/.test(s), zodMessage('field.singleLine'))
    .with(...readable);

export const bodyText = (max = 20_000) =>
  z
    .string()
    .trim()
    .min(1, zodMessage('field.notEmpty'))
    .max(max, zodMessage('field.maxChars', { max }))
    .with(...readable);

/** A body shown as Markdown: nesting deeper than the pages render is refused, so what is posted is what is shown. */
export const markdownText = (max = 20_000) =>
  bodyText(max).refine((s) => !nestsTooDeeply(s), {
    message: zodMessage('field.nesting', { max: MAX_NESTING }),
    // Only a text within the length limit is worth parsing.
    when: (payload) => !payload.issues.length,
  });

export const optionalText = (schema: z.ZodString | z.ZodType<string>) => schema.nullable().optional();

export const id = z.string().regex(ID_PATTERN, zodMessage('field.id'));

/**
 * The instants a status page can mean. Outside them a date is a typo or a probe, and the database
 * does not give it back as sent: PGlite reads years 0001–0099 as 19xx/20xx, years before 1888 come
 * back shifted by Tokyo's old local offset, year 0 fails outright, and a 1970 start would fill the
 * service-level pages with empty years.
 */
export const EARLIEST_INSTANT = new Date('2000-01-01T00:00:00Z');
export const LATEST_INSTANT = new Date('2100-01-01T00:00:00Z');

/** ISO 8601 with an explicit offset or Z; a bare local time is ambiguous and refused. */
export const instant = z.iso
  .datetime({ offset: true })
  .transform((s) => new Date(s))
  .refine((d) => !Number.isNaN(d.getTime()), zodMessage('field.realDate'))
  .refine((d) => d >= EARLIEST_INSTANT && d < LATEST_INSTANT, zodMessage('field.dateRange'));

/** How far ahead a maintenance window or a notice may be announced: further is a typo (year 2207), not a plan. */
export const MAX_YEARS_AHEAD = 10;

/** An issue when `at` lies more than MAX_YEARS_AHEAD years after `now`. */
export function tooFarAhead(field: string, at: Date, now: Date): FieldIssue | null {
  const limit = new Date(now);
  limit.setUTCFullYear(limit.getUTCFullYear() + MAX_YEARS_AHEAD);
  return at > limit ? fieldIssue(field, say('field.yearsAhead', { years: MAX_YEARS_AHEAD })) : null;
}

/**
 * The path of the first own `__proto__` key in a parsed JSON body. Zod drops such keys silently
 * (assigning one would replace the output's prototype), so without this check the request would
 * pass with the key ignored.
 */
function protoKeyPath(value: unknown, path: string[] = []): string[] | null {
  if (value === null || typeof value !== 'object') return null;
  for (const key of Object.keys(value)) {
    if (key === '__proto__') return [...path, key];
    const found = protoKeyPath((value as Record<string, unknown>)[key], [...path, key]);
    if (found) return found;
  }
  return null;
}

/** Parse with a zod schema; a failure becomes a ValidationError naming each field by its path. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const proto = protoKeyPath(input);
  if (proto) throw new ValidationError([fieldIssue(proto.join('.'), say('field.notAcceptedName'))]);
  // The input lets zod say what it received ("expected string, received number"); it is not sent back.
  const result = schema.safeParse(input, { reportInput: true });
  if (result.success) return result.data;
  throw new ValidationError(
    result.error.issues.map((issue) =>
      fieldIssue(issue.path.length ? issue.path.map(String).join('.') : '(body)', zodIssueTexts(issue)),
    ),
  );
}
