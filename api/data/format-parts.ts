import { z } from 'zod';
import { EARLIEST_INSTANT, id, LATEST_INSTANT } from '../core/input/common.ts';
import { toIsoOffset } from '../core/time.ts';

/**
 * An instant as text (ISO 8601 with an offset or Z), so the format's JSON Schema can say what the
 * file holds. The range is the API's (api/core/input/common.ts): outside it the database does not
 * give a date back as sent.
 */
export const instant = z.iso
  .datetime({ offset: true })
  .refine((s) => {
    const at = new Date(s);
    return !Number.isNaN(at.getTime()) && at >= EARLIEST_INSTANT && at < LATEST_INSTANT;
  }, 'Must be a real time from 2000 to 2099.')
  // One spelling per instant, as an export writes it (the page's offset, as the API does): a file
  // compares equal to the database whatever offset it was written in.
  .transform((s) => toIsoOffset(new Date(s)))
  .meta({
    id: 'Instant',
    description: 'ISO 8601 with an offset or Z, from 2000 to 2099; an export writes Japan time (+09:00).',
  });

/** A JST calendar day (a component's start date), in the same range as the instants. */
export const localDate = z.iso
  .date()
  .refine((d) => d >= '2000-01-01' && d <= '2099-12-31', 'Must be a date from 2000 to 2099.');

/** Component ids, each at most once. */
export const componentList = z
  .array(id)
  .max(200)
  .refine((ids) => new Set(ids).size === ids.length, 'Names a component twice.')
  .default([]);

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\u202A-\u202E\u2066-\u2069]/;
const MAX_CHANGE_TEXT = 20_000;

/** A text inside a correction's record: the old or new value of a field, as the API once stored it. */
function readableValue(value: unknown): boolean {
  if (typeof value === 'string') return value.length <= MAX_CHANGE_TEXT && !CONTROL.test(value);
  if (Array.isArray(value)) return value.length <= 200 && value.every(readableValue);
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value);
    return entries.length <= 200 && entries.every(([k, v]) => readableValue(k) && readableValue(v));
  }
  return true;
}

const changedValue = z
  .json()
  .refine(readableValue, `Holds a control character or a text over ${MAX_CHANGE_TEXT} characters.`);

/** Each changed field's old and new value (`{ "name": { "old": …, "new": … } }`). */
export const changes = z.record(
  z.string().regex(/^[a-z_]{1,64}$/),
  z.strictObject({ old: changedValue.optional(), new: changedValue.optional() }),
);
