import { z } from 'zod';
import { ValidationError } from '../errors.ts';
import { ID_PATTERN } from '../ids.ts';
import { MAX_NESTING, nestsTooDeeply } from '../text/markdown.ts';

/**
 * Text that people type. XML-illegal control characters are refused here rather than stripped
 * later, so what is stored is what is shown (tab, LF and CR remain allowed in bodies).
 */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

export const title = (max = 200) =>
  z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(max, `must be at most ${max} characters`)
    .refine((s) => !/[\r\n]/.test(s), 'must be a single line')
    .refine((s) => !CONTROL.test(s), 'must not contain control characters');

export const bodyText = (max = 20_000) =>
  z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(max, `must be at most ${max} characters`)
    .refine((s) => !CONTROL.test(s), 'must not contain control characters');

/** A body shown as Markdown: nesting deeper than the pages render is refused, so what is posted is what is shown. */
export const markdownText = (max = 20_000) =>
  bodyText(max).refine((s) => !nestsTooDeeply(s), {
    message: `must not nest quotes, lists, emphasis or links more than ${MAX_NESTING} levels deep`,
    // Only a text within the length limit is worth parsing.
    when: (payload) => !payload.issues.length,
  });

export const optionalText = (schema: z.ZodString | z.ZodType<string>) => schema.nullable().optional();

export const id = z.string().regex(ID_PATTERN, 'must be an id of lowercase letters and digits');

/** ISO 8601 with an explicit offset or Z; a bare local time is ambiguous and refused. */
export const instant = z.iso.datetime({ offset: true }).transform((s) => new Date(s));

/** Parse with a zod schema; a failure becomes a ValidationError naming each field by its path. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new ValidationError(
    result.error.issues.map((issue) => ({
      field: issue.path.length ? issue.path.map(String).join('.') : '(body)',
      message: issue.message,
    })),
  );
}
