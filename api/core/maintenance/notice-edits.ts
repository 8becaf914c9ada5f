import { ConflictError, fieldIssue, ValidationError } from '../errors.ts';
import { say } from '../messages/say.ts';
import { tooFarAhead } from '../input/common.ts';
import { requireText } from './edits.ts';
import type { LeadTimePolicy } from './lead-time-policy.ts';
import { checkLeadTime } from './lead-time.ts';
import type { NoticeView } from './types.ts';

export const NOTICE_CHANGE_KINDS = ['amended', 'postponed', 'withdrawn'] as const;
export type NoticeChangeKind = (typeof NOTICE_CHANGE_KINDS)[number];

export interface NoticeHistoryEntry {
  kind: NoticeChangeKind;
  at: Date;
  by: string;
  reason: string | null;
  /** Each changed field's old and new value, in API names (`effective_at`, `title`…). */
  changes: Record<string, { old: unknown; new: unknown }>;
}

export interface NoticeEditResult {
  view: NoticeView;
  /** Null when nothing changed (and then `view` is the same object). */
  entry: NoticeHistoryEntry | null;
}

/** A withdrawn notice is closed; one already in effect can no longer be moved or taken back. */
function requireOpen(
  view: NoticeView,
  now: Date,
  action: 'amend' | 'postpone' | 'withdraw',
  alsoInEffect: boolean,
): void {
  const verb = say(`action.${action}`);
  if (view.withdrawnAt)
    throw new ConflictError(say('conflict.noticeWithdrawn', { action: verb }), [
      fieldIssue('status', say('field.withdrawn', { action: verb })),
    ]);
  if (alsoInEffect && view.effectiveAt <= now)
    throw new ConflictError(say('conflict.noticeInEffect', { action: verb }), [
      fieldIssue('effective_at', say('field.inEffect', { action: verb })),
    ]);
}

const edited = (view: NoticeView, changes: Partial<NoticeView>, now: Date): NoticeView => ({
  ...view,
  ...changes,
  updatedAt: now,
});

/** Correct a notice's text; the old text is kept in the history. */
export function amendNotice(
  view: NoticeView,
  input: {
    by: string;
    reason?: string | null;
    now: Date;
    title?: string;
    titleEn?: string | null;
    body?: string;
    bodyEn?: string | null;
  },
): NoticeEditResult {
  const { now } = input;
  requireOpen(view, now, 'amend', false);
  const changes: NoticeHistoryEntry['changes'] = {};
  const fields = [
    ['title', 'title', view.title, input.title],
    ['title_en', 'titleEn', view.titleEn, input.titleEn],
    ['body', 'body', view.body, input.body],
    ['body_en', 'bodyEn', view.bodyEn, input.bodyEn],
  ] as const;
  const next: Partial<NoticeView> = {};
  for (const [name, key, old, value] of fields) {
    if (value === undefined || (value ?? null) === old) continue;
    changes[name] = { old, new: value ?? null };
    (next as Record<string, unknown>)[key] = value ?? null;
  }
  if (Object.keys(changes).length === 0) return { view, entry: null };
  const entry: NoticeHistoryEntry = {
    kind: 'amended',
    at: now,
    by: requireText('by', input.by),
    reason: input.reason ?? null,
    changes,
  };
  return { view: edited(view, next, now), entry };
}

/**
 * Move a notice's effective date. A later date only adds notice to what customers were given, so
 * the original announcement still counts; an earlier one is news announced now and must itself
 * give the policy's notice, or be marked short-notice with a reason, as when the notice was created.
 */
export function postponeNotice(
  view: NoticeView,
  input: {
    effectiveAt: Date;
    by: string;
    reason: string;
    now: Date;
    policy: LeadTimePolicy;
    shortNotice?: { reason: string } | null;
  },
): NoticeEditResult {
  const { now, effectiveAt } = input;
  const by = requireText('by', input.by);
  const reason = requireText('reason', input.reason);
  if (!(effectiveAt > now)) throw new ValidationError([fieldIssue('effective_at', say('field.inFuture'))]);
  const far = tooFarAhead('effective_at', effectiveAt, now);
  if (far) throw new ValidationError([far]);
  requireOpen(view, now, 'postpone', true);
  if (effectiveAt.getTime() === view.effectiveAt.getTime()) return { view, entry: null };
  const later = effectiveAt > view.effectiveAt;
  const announcedAt = later ? view.announcedAt : now;
  const standing = view.shortNotice && view.shortNoticeReason ? { reason: view.shortNoticeReason } : null;
  const lead = checkLeadTime({
    kind: view.kind,
    announcedAt,
    effectiveAt,
    policy: input.policy,
    shortNotice: input.shortNotice ?? (later ? standing : null),
  });
  const changes: NoticeHistoryEntry['changes'] = {
    effective_at: { old: view.effectiveAt.toISOString(), new: effectiveAt.toISOString() },
  };
  if (announcedAt !== view.announcedAt)
    changes.announced_at = { old: view.announcedAt.toISOString(), new: announcedAt.toISOString() };
  if (lead.shortNotice !== view.shortNotice || lead.shortNoticeReason !== view.shortNoticeReason)
    changes.short_notice_reason = { old: view.shortNoticeReason, new: lead.shortNoticeReason };
  const entry: NoticeHistoryEntry = { kind: 'postponed', at: now, by, reason, changes };
  const next = edited(
    view,
    { effectiveAt, announcedAt, shortNotice: lead.shortNotice, shortNoticeReason: lead.shortNoticeReason },
    now,
  );
  return { view: next, entry };
}

/** Take a notice back before it takes effect; it stays published, marked withdrawn, with the reason. */
export function withdrawNotice(view: NoticeView, input: { by: string; reason: string; now: Date }): NoticeEditResult {
  const { now } = input;
  const by = requireText('by', input.by);
  const reason = requireText('reason', input.reason);
  requireOpen(view, now, 'withdraw', true);
  const entry: NoticeHistoryEntry = {
    kind: 'withdrawn',
    at: now,
    by,
    reason,
    changes: { withdrawn_at: { old: null, new: now.toISOString() } },
  };
  return { view: edited(view, { withdrawnAt: now, withdrawReason: reason }, now), entry };
}
