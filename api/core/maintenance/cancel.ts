import { edited, requireStatus, requireText, type EditResult } from './edits.ts';
import type { MaintenanceHistoryEntry, MaintenanceView } from './types.ts';

/**
 * Cancel a maintenance that has not started. One already under way is finished early instead
 * (progress.ts): it did hold its components, and the record must say so.
 */
export function cancel(
  view: MaintenanceView,
  input: { by: string; reason: string; now: Date },
): EditResult & { entry: MaintenanceHistoryEntry } {
  const { now } = input;
  const by = requireText('by', input.by);
  const reason = requireText('reason', input.reason);
  requireStatus(view, now, ['scheduled'], 'cancel');
  const entry: MaintenanceHistoryEntry = {
    kind: 'cancelled',
    at: now,
    by,
    reason,
    oldStart: view.scheduledFor,
    oldEnd: view.scheduledUntil,
    newStart: null,
    newEnd: null,
  };
  const next = edited(
    view,
    {
      overrides: { ...view.overrides, cancelledAt: now, cancelReason: reason },
      sequence: view.sequence + 1,
      history: [entry, ...view.history],
    },
    now,
  );
  return { view: next, entry };
}
