import { joinTexts, type Texts, say } from './messages/say.ts';
import type { Lang } from './vocab.ts';

/**
 * The few coded errors core throws. The HTTP layer maps each to one problem+json shape
 * (RFC 9457) in the request's language; the CLI prints `message` (English) and exits non-zero.
 * Core never knows about HTTP.
 */
export interface FieldIssue {
  /** Dotted path of the offending field, e.g. `components.abc123` or `detected_at`. */
  field: string;
  /** In English; what a log or the CLI shows. */
  message: string;
  /** The message in every language, when it comes from the catalogue (`message` serves every language otherwise). */
  texts?: Texts;
}

/** An issue about `field` whose message comes from the catalogue. */
export function fieldIssue(field: string, texts: Texts): FieldIssue {
  return { field, message: texts.en, texts };
}

/** The issue's message in `lang`. */
export const issueText = (issue: FieldIssue, lang: Lang): string => issue.texts?.[lang] ?? issue.message;

export class ShiraseError extends Error {
  readonly code: 'not_found' | 'conflict' | 'validation' | 'policy';
  readonly issues: FieldIssue[];
  /** The message in every language, when it comes from the catalogue. */
  readonly texts: Texts | null;
  constructor(code: ShiraseError['code'], message: string | Texts, issues: FieldIssue[] = []) {
    super(typeof message === 'string' ? message : message.en);
    this.name = 'ShiraseError';
    this.code = code;
    this.issues = issues;
    this.texts = typeof message === 'string' ? null : message;
  }

  /** The message in `lang`. */
  text(lang: Lang): string {
    return this.texts?.[lang] ?? this.message;
  }
}

/** The kinds of record an id may fail to name, as the catalogue words them. */
export type RecordKind =
  | 'incident'
  | 'component'
  | 'maintenance'
  | 'notice'
  | 'update'
  | 'contact'
  | 'webhook'
  | 'operator'
  | 'token';

export class NotFoundError extends ShiraseError {
  constructor(what: RecordKind, id: string) {
    super('not_found', say('notFound', { what: say(`record.${what}` as const), id }));
  }
}

export class ConflictError extends ShiraseError {
  constructor(message: string | Texts, issues: FieldIssue[] = []) {
    super('conflict', message, issues);
  }
}

/** `field: message; field: message`, in each language. */
function listIssues(issues: FieldIssue[]): Texts {
  return joinTexts(
    issues.map((i) => say('http.fields', { field: i.field, message: i.texts ?? i.message })),
    say('http.fieldSeparator'),
  );
}

export class ValidationError extends ShiraseError {
  constructor(issues: FieldIssue[], message: string | Texts = listIssues(issues)) {
    super('validation', message, issues);
  }
}

/** A rule of the service-level policy refused the request (e.g. too little notice); `details` say by how much. */
export class PolicyError extends ShiraseError {
  readonly details: Record<string, unknown>;
  constructor(message: string | Texts, issues: FieldIssue[], details: Record<string, unknown> = {}) {
    super('policy', message, issues);
    this.details = details;
  }
}
