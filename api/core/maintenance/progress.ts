import { ConflictError } from '../errors.ts';
import { edited, requireStatus } from './edits.ts';
import type { MaintenanceView } from './types.ts';

/*
 * Operators' marks on a maintenance under way. None of them moves the announced window, so
 * none bumps the calendar's SEQUENCE; each is kept as the time the operator acted.
 */

/** Record that work began late, at `now`: components count as under maintenance only from here. */
export function recordStart(view: MaintenanceView, input: { now: Date }): MaintenanceView {
  const { now } = input;
  if (now < view.scheduledFor) {
    throw new ConflictError('Work cannot start before the announced window; reschedule the maintenance instead.', [
      { field: 'started_at', message: 'is before scheduled_for' },
    ]);
  }
  requireStatus(view, now, ['in_progress'], 'record the start of');
  if (view.overrides.startedAt) return view;
  return edited(view, { overrides: { ...view.overrides, startedAt: now } }, now);
}

/** The work is done and being checked: verifying until the window ends or the operators finish. */
export function startVerifying(view: MaintenanceView, input: { now: Date }): MaintenanceView {
  const { now } = input;
  requireStatus(view, now, ['in_progress'], 'start verifying');
  return edited(view, { overrides: { ...view.overrides, verifyingAt: now } }, now);
}

/** Completed now, before the end of the window. */
export function finishEarly(view: MaintenanceView, input: { now: Date }): MaintenanceView {
  const { now } = input;
  requireStatus(view, now, ['in_progress', 'verifying'], 'finish');
  return edited(view, { overrides: { ...view.overrides, finishedAt: now } }, now);
}
