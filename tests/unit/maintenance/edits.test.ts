import { describe, expect, it } from 'vitest';
import {
  cancel,
  extend,
  finishEarly,
  LEAD_TIME_POLICY,
  recordStart,
  reschedule,
  startVerifying,
} from '../../../api/core/maintenance/index.ts';
import { ConflictError, PolicyError, ValidationError } from '../../../api/core/errors.ts';
import { makeMaintenance } from './make-maintenance.ts';

const jst = (s: string) => new Date(`${s}+09:00`);
const BEFORE = jst('2026-01-20T10:00:00');
const DURING = jst('2026-07-15T03:00:00');

describe('rescheduling', () => {
  const view = makeMaintenance({ sequence: 1 });
  const input = {
    start: jst('2026-07-29T02:00:00'),
    end: jst('2026-07-29T04:00:00'),
    by: 'op-tanaka',
    reason: '関連システムの更新日程に合わせるため',
    now: BEFORE,
    policy: LEAD_TIME_POLICY,
  };

  it('moves the window, bumps the sequence, re-announces it and records the old and new times', () => {
    const { view: next, entry } = reschedule(view, input);
    expect(next.scheduledFor).toEqual(input.start);
    expect(next.scheduledUntil).toEqual(input.end);
    expect(next.sequence).toBe(2);
    expect(next.announcedAt).toEqual(BEFORE);
    expect(next.updatedAt).toEqual(BEFORE);
    expect(next.status).toBe('scheduled');
    expect(entry).toEqual({
      kind: 'rescheduled',
      at: BEFORE,
      by: 'op-tanaka',
      reason: '関連システムの更新日程に合わせるため',
      oldStart: jst('2026-07-15T02:00:00'),
      oldEnd: jst('2026-07-15T04:00:00'),
      newStart: input.start,
      newEnd: input.end,
    });
    expect(next.history[0]).toBe(entry);
    expect(view.sequence).toBe(1); // the input view is untouched
  });

  it('holds the new window to the lead-time policy from the moment it is announced', () => {
    const late = { ...input, now: jst('2026-03-01T10:00:00') };
    expect(() => reschedule(view, late)).toThrow(PolicyError);
    const { view: next } = reschedule(view, { ...late, shortNotice: { reason: '関連システムの日程変更' } });
    expect(next.shortNotice).toBe(true);
    expect(next.shortNoticeReason).toBe('関連システムの日程変更');
  });

  it('changes nothing, not even updatedAt, when the times are the same', () => {
    const result = reschedule(view, { ...input, start: view.scheduledFor, end: view.scheduledUntil });
    expect(result.entry).toBeNull();
    expect(result.view).toBe(view);
  });

  it('refuses a maintenance already under way, an inverted window, a past start and a missing reason', () => {
    expect(() => reschedule(view, { ...input, now: DURING })).toThrow(ConflictError);
    const fields = (run: () => unknown) => {
      try {
        run();
      } catch (error) {
        if (error instanceof ValidationError) return error.issues.map((i) => i.field);
        throw error;
      }
      throw new Error('expected a ValidationError');
    };
    expect(fields(() => reschedule(view, { ...input, end: input.start }))).toEqual(['scheduled_until']);
    expect(
      fields(() => reschedule(view, { ...input, start: jst('2026-01-01T02:00:00'), end: jst('2026-01-01T04:00:00') })),
    ).toEqual(['scheduled_for']);
    expect(() => reschedule(view, { ...input, reason: '  ' })).toThrow(ValidationError);
  });
});

describe('cancelling', () => {
  const view = makeMaintenance({ sequence: 3 });

  it('cancels a scheduled maintenance, bumps the sequence and records why', () => {
    const { view: next, entry } = cancel(view, { by: 'op-tanaka', reason: '作業が不要になったため', now: BEFORE });
    expect(next.status).toBe('cancelled');
    expect(next.sequence).toBe(4);
    expect(next.overrides.cancelledAt).toEqual(BEFORE);
    expect(next.overrides.cancelReason).toBe('作業が不要になったため');
    expect(entry).toMatchObject({
      kind: 'cancelled',
      oldStart: view.scheduledFor,
      oldEnd: view.scheduledUntil,
      newStart: null,
      newEnd: null,
    });
    expect(next.history).toEqual([entry]);
  });

  it('refuses one that has started or was already cancelled', () => {
    expect(() => cancel(view, { by: 'op', reason: 'x', now: DURING })).toThrow(ConflictError);
    const cancelled = cancel(view, { by: 'op', reason: 'x', now: BEFORE }).view;
    expect(() => cancel(cancelled, { by: 'op', reason: 'again', now: BEFORE })).toThrow(ConflictError);
  });
});

describe('operators during the window', () => {
  const view = makeMaintenance();

  it('extend it: the end moves, the sequence goes up, the history says from when to when', () => {
    const { view: next, entry } = extend(view, {
      until: jst('2026-07-15T05:00:00'),
      by: 'op',
      reason: '移行処理の遅延',
      now: DURING,
    });
    expect(next.sequence).toBe(1);
    expect(next.overrides.extendedUntil).toEqual(jst('2026-07-15T05:00:00'));
    expect(entry).toMatchObject({ kind: 'extended', oldEnd: view.scheduledUntil, newEnd: jst('2026-07-15T05:00:00') });
    expect(() => extend(view, { until: jst('2026-07-15T03:30:00'), by: 'op', reason: 'x', now: DURING })).toThrow(
      ValidationError,
    );
    expect(() => extend(view, { until: jst('2026-07-15T05:00:00'), by: 'op', reason: 'x', now: BEFORE })).toThrow(
      ConflictError,
    );
  });

  it('enter verification, then finish early, without touching the sequence', () => {
    const verifying = startVerifying(view, { now: DURING });
    expect(verifying.status).toBe('verifying');
    expect(verifying.sequence).toBe(0);
    const finished = finishEarly(verifying, { now: jst('2026-07-15T03:20:00') });
    expect(finished.status).toBe('completed');
    expect(finished.overrides.finishedAt).toEqual(jst('2026-07-15T03:20:00'));
    expect(() => startVerifying(finished, { now: jst('2026-07-15T03:30:00') })).toThrow(ConflictError);
  });

  it('record a late start, but not one before the announced window', () => {
    expect(recordStart(view, { now: jst('2026-07-15T02:10:00') }).overrides.startedAt).toEqual(
      jst('2026-07-15T02:10:00'),
    );
    expect(() => recordStart(view, { now: jst('2026-07-15T01:50:00') })).toThrow(ConflictError);
  });
});
