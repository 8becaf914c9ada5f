import { ConflictError, ValidationError } from '../errors.ts';
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
  if (!trimmed) throw new ValidationError([{ field, message: 'must not be empty' }]);
  return trimmed;
}

/** A window, new or moved, must start after it is announced (`now`) and end after it starts. */
export function requireWindow(start: Date, end: Date, now: Date): void {
  const issues = [];
  if (!(start > now)) issues.push({ field: 'scheduled_for', message: 'must be in the future' });
  if (!(end > start)) issues.push({ field: 'scheduled_until', message: 'must be after scheduled_for' });
  if (issues.length) throw new ValidationError(issues);
}

/** Refuse an edit the maintenance's state at `now` does not allow. */
export function requireStatus(
  view: MaintenanceView,
  now: Date,
  allowed: readonly MaintenanceStatus[],
  action: string,
): MaintenanceStatus {
  const status = maintenanceStatus(view, now);
  if (!allowed.includes(status)) {
    throw new ConflictError(`Cannot ${action} a maintenance that is ${status.replace('_', ' ')}.`, [
      { field: 'status', message: `is ${status}; ${action} needs ${allowed.join(' or ')}` },
    ]);
  }
  return status;
}

/** The view after an edit: status re-derived at `now`, `updatedAt` moved to `now`. */
export function edited(view: MaintenanceView, changes: Partial<MaintenanceView>, now: Date): MaintenanceView {
  const next = { ...view, ...changes, updatedAt: now };
  return { ...next, status: maintenanceStatus(next, now) };
}
