import type { z } from 'zod';
import { type FieldIssue, fieldIssue, ShiraseError } from '../../core/errors.ts';
import { parseInput } from '../../core/input/common.ts';
import type { Texts } from '../../core/messages/say.ts';
import type { Context } from 'hono';
import { type FormFields as Form, one } from '../forms.ts';
import { scheduleMessages } from '../i18n/schedule.ts';
import { translator } from '../text.ts';
import type { ConsoleEnv } from '../types.ts';
import type { FieldDef } from './maintenance-kit.ts';
import { fromJstInput } from './incidents-time.ts';

/** Every value of a repeated field (ticked checkboxes). */
export const many = (form: Form, name: string): string[] => {
  const v = form[name];
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
};

type C = Context<ConsoleEnv>;
export const ts = translator(scheduleMessages);

/** Title and text in both languages, as every maintenance and notice has them. */
export const textFields = (c: C): FieldDef[] => [
  { name: 'title', label: ts(c, 'sc.title'), required: true },
  { name: 'title_en', label: ts(c, 'sc.titleEn') },
  { name: 'body', label: ts(c, 'sc.body'), type: 'textarea', required: true },
  { name: 'body_en', label: ts(c, 'sc.bodyEn'), type: 'textarea' },
];

export const shortNoticeField = (c: C): FieldDef => ({
  name: 'short_notice_reason',
  label: ts(c, 'sc.shortNotice'),
  hint: ts(c, 'sc.shortNotice.hint'),
  type: 'textarea',
});

export const reasonField = (c: C): FieldDef => ({
  name: 'reason',
  label: ts(c, 'sc.reason'),
  type: 'textarea',
  required: true,
});

/** A JST date and time: `datetime-local`, labelled JST, with the format as its hint. */
export const dateField = (c: C, name: string, label: string): FieldDef => ({
  name,
  label: ts(c, 'sc.dateLabel', { label }),
  type: 'datetime-local',
  hint: ts(c, 'sc.dateHint'),
  required: true,
});

/** An optional text: left empty, it is not sent (the core then stores null rather than an empty string). */
export const optional = (form: Form, name: string): string | undefined => one(form, name).trim() || undefined;

const badDate: Texts = { ja: scheduleMessages.ja['sc.badDate'], en: scheduleMessages.en['sc.badDate'] };

/**
 * Reads a JST `datetime-local` field into the instant the core parses; a value that names no JST
 * time adds an issue at the field (and sends nothing, so the core's own message about ISO 8601,
 * which the person never typed, is not shown).
 */
export function jstField(form: Form, name: string, issues: FieldIssue[]): string | undefined {
  const raw = one(form, name).trim();
  const iso = fromJstInput(raw);
  if (iso === null) issues.push(fieldIssue(name, badDate));
  return iso ?? undefined;
}

/** The "reason for short notice" field, sent as the API's `short_notice: { reason }`; empty: none. */
export function shortNoticeOf(form: Form): { reason: string } | undefined {
  const reason = one(form, 'short_notice_reason');
  return reason.trim() ? { reason } : undefined;
}

/**
 * The form field a core issue is about: the API's paths (`short_notice.reason`, `components.3`)
 * become the console's field names; `(body)` and unknown paths stay as they are (the summary shows
 * them without a link).
 */
export function formFieldOf(path: string): string {
  if (path === 'short_notice' || path.startsWith('short_notice.')) return 'short_notice_reason';
  const head = path.split('.')[0]!;
  return head;
}

/** The issues of a refused command, named by form field; other errors are not the person's to fix and go on up. */
export function issuesOf(error: unknown): FieldIssue[] {
  if (!(error instanceof ShiraseError) || error.code === 'not_found') throw error;
  const issues = error.issues.length
    ? error.issues
    : [{ field: '(body)', message: error.message, texts: error.texts ?? undefined }];
  return issues.map((i) => ({ ...i, field: formFieldOf(i.field) }));
}

/**
 * The schema's own issues for everything but `skip` (fields the form already found wrong), so that
 * a bad date does not hide a missing title until the next try.
 */
export function otherIssues(schema: z.ZodType, input: Record<string, unknown>, skip: readonly string[]): FieldIssue[] {
  const rest = Object.fromEntries(Object.entries(input).filter(([k]) => !skip.includes(k)));
  try {
    parseInput(schema, rest);
    return [];
  } catch (e) {
    return issuesOf(e).filter((i) => !skip.includes(i.field));
  }
}
