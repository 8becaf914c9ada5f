import { ConflictError, fieldIssue } from '../errors.ts';
import { say } from '../messages/say.ts';
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
    throw new ConflictError(say('conflict.startBeforeWindow'), [fieldIssue('started_at', say('field.beforeStart'))]);
  }
  requireStatus(view, now, ['in_progress'], 'recordStart');
  if (view.overrides.startedAt) return view;
  return edited(view, { overrides: { ...view.overrides, startedAt: now } }, now);
}

/** The work is done and being checked: verifying until the window ends or the operators finish. */
export function startVerifying(view: MaintenanceView, input: { now: Date }): MaintenanceView {
  const { now } = input;
  requireStatus(view, now, ['in_progress'], 'startVerifying');
  return edited(view, { overrides: { ...view.overrides, verifyingAt: now } }, now);
}

/** Completed now, before the end of the window. */
export function finishEarly(view: MaintenanceView, input: { now: Date }): MaintenanceView {
  const { now } = input;
  requireStatus(view, now, ['in_progress', 'verifying'], 'finish');
  return edited(view, { overrides: { ...view.overrides, finishedAt: now } }, now);
}
