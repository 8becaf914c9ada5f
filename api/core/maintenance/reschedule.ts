import { edited, requireStatus, requireText, requireWindow, type EditResult } from './edits.ts';
import type { LeadTimePolicy } from './lead-time-policy.ts';
import { checkLeadTime } from './lead-time.ts';
import type { MaintenanceHistoryEntry, MaintenanceView } from './types.ts';

export interface RescheduleInput {
  start: Date;
  end: Date;
  by: string;
  reason: string;
  now: Date;
  policy: LeadTimePolicy;
  shortNotice?: { reason: string } | null;
}

/**
 * Move a maintenance that has not started. The new window is announced now, so it must itself
 * give the policy's notice (or be marked short-notice): customers plan around the window
 * they were last told about, whichever way it moves.
 */
export function reschedule(view: MaintenanceView, input: RescheduleInput): EditResult {
  const { start, end, now } = input;
  const by = requireText('by', input.by);
  const reason = requireText('reason', input.reason);
  requireWindow(start, end, now);
  requireStatus(view, now, ['scheduled'], 'reschedule');
  if (start.getTime() === view.scheduledFor.getTime() && end.getTime() === view.scheduledUntil.getTime()) {
    return { view, entry: null };
  }
  const lead = checkLeadTime({
    kind: 'maintenance',
    announcedAt: now,
    effectiveAt: start,
    policy: input.policy,
    shortNotice: input.shortNotice,
  });
  const entry: MaintenanceHistoryEntry = {
    kind: 'rescheduled',
    at: now,
    by,
    reason,
    oldStart: view.scheduledFor,
    oldEnd: view.scheduledUntil,
    newStart: start,
    newEnd: end,
  };
  const next = edited(
    view,
    {
      scheduledFor: start,
      scheduledUntil: end,
      announcedAt: now,
      shortNotice: lead.shortNotice,
      shortNoticeReason: lead.shortNoticeReason,
      sequence: view.sequence + 1,
      history: [entry, ...view.history],
    },
    now,
  );
  return { view: next, entry };
}
