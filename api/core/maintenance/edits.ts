import { ConflictError, type FieldIssue, fieldIssue, ValidationError } from '../errors.ts';
import { tooFarAhead } from '../input/common.ts';
import { say } from '../messages/say.ts';
import { maintenanceStatus } from './status.ts';
import type { MaintenanceHistoryEntry, MaintenanceStatus, MaintenanceView } from './types.ts';

export interface EditResult {
  view: MaintenanceView;
  /** Null when nothing changed (and then `view` is the same object, `updatedAt` untouched). */
  entry: MaintenanceHistoryEntry | null;
}

/** A required free-text field (who, why), trimmed. */
export function requireText(field: string, value: string): string {
  const trimmed = value.trim();
  if (!trimmed) throw new ValidationError([fieldIssue(field, say('field.notEmpty'))]);
  return trimmed;
}

/**
 * The longest window a maintenance may hold, announced or extended. Longer work is a change or a
 * termination notice, not a maintenance that keeps every component "under maintenance" for weeks.
 */
export const MAX_WINDOW_DAYS = 7;
const MAX_WINDOW_MS = MAX_WINDOW_DAYS * 24 * 60 * 60_000;

/** An issue when a window from `start` to `end` is longer than MAX_WINDOW_DAYS. */
export function windowTooLong(field: string, start: Date, end: Date): FieldIssue | null {
  return end.getTime() - start.getTime() > MAX_WINDOW_MS
    ? fieldIssue(field, say('field.windowTooLong', { days: MAX_WINDOW_DAYS }))
    : null;
}

/**
 * A window, new or moved, must start after it is announced (`now`) and end after it starts, within
 * MAX_WINDOW_DAYS, and no further ahead than MAX_YEARS_AHEAD.
 */
export function requireWindow(start: Date, end: Date, now: Date): void {
  const issues: FieldIssue[] = [];
  if (!(start > now)) issues.push(fieldIssue('scheduled_for', say('field.inFuture')));
  if (!(end > start)) issues.push(fieldIssue('scheduled_until', say('field.afterStart')));
  const tooLong = windowTooLong('scheduled_until', start, end);
  if (tooLong) issues.push(tooLong);
  const far = tooFarAhead('scheduled_for', start, now);
  if (far) issues.push(far);
  if (issues.length) throw new ValidationError(issues);
}

/** What an operator may do to a maintenance, as the catalogue's `action.*` words it. */
export type MaintenanceAction = 'extend' | 'reschedule' | 'cancel' | 'recordStart' | 'startVerifying' | 'finish';

/** Refuse an edit the maintenance's state at `now` does not allow. */
export function requireStatus(
  view: MaintenanceView,
  now: Date,
  allowed: readonly MaintenanceStatus[],
  action: MaintenanceAction,
): MaintenanceStatus {
  const status = maintenanceStatus(view, now);
  if (!allowed.includes(status)) {
    const verb = say(`action.${action}`);
    const allowedWords = { ja: allowed.join(say('word.or').ja), en: allowed.join(say('word.or').en) };
    throw new ConflictError(
      say('conflict.maintenanceStatus', { action: verb, status, statusWords: status.replace('_', ' ') }),
      [fieldIssue('status', say('field.statusNeeds', { status, action: verb, allowed: allowedWords }))],
    );
  }
  return status;
}

/** The view after an edit: status re-derived at `now`, `updatedAt` moved to `now`. */
export function edited(view: MaintenanceView, changes: Partial<MaintenanceView>, now: Date): MaintenanceView {
  const next = { ...view, ...changes, updatedAt: now };
  return { ...next, status: maintenanceStatus(next, now) };
}
