import { fieldIssue, ValidationError } from '../errors.ts';
import { say } from '../messages/say.ts';
import { edited, requireStatus, requireText, windowTooLong, type EditResult } from './edits.ts';
import type { MaintenanceHistoryEntry, MaintenanceView } from './types.ts';

/**
 * Push back the end of a maintenance under way. Without this, it completes at the announced end
 * whatever the operators are doing; the extension is recorded and bumps the calendar's SEQUENCE.
 */
export function extend(
  view: MaintenanceView,
  input: { until: Date; by: string; reason: string; now: Date },
): EditResult & { entry: MaintenanceHistoryEntry } {
  const { until, now } = input;
  const by = requireText('by', input.by);
  const reason = requireText('reason', input.reason);
  requireStatus(view, now, ['in_progress', 'verifying'], 'extend');
  const currentEnd = view.overrides.extendedUntil ?? view.scheduledUntil;
  if (!(until > currentEnd)) {
    throw new ValidationError([fieldIssue('extended_until', say('field.laterThanEnd'))]);
  }
  const tooLong = windowTooLong('extended_until', view.overrides.startedAt ?? view.scheduledFor, until);
  if (tooLong) throw new ValidationError([tooLong]);
  const entry: MaintenanceHistoryEntry = {
    kind: 'extended',
    at: now,
    by,
    reason,
    oldStart: view.overrides.startedAt ?? view.scheduledFor,
    oldEnd: currentEnd,
    newStart: view.overrides.startedAt ?? view.scheduledFor,
    newEnd: until,
  };
  const next = edited(
    view,
    {
      overrides: { ...view.overrides, extendedUntil: until },
      sequence: view.sequence + 1,
      history: [entry, ...view.history],
    },
    now,
  );
  return { view: next, entry };
}
