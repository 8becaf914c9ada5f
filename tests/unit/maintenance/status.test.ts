import { describe, expect, it } from 'vitest';
import {
  activeSpan,
  maintenanceStatus,
  NO_OVERRIDES,
  nextTransitionAt,
  type MaintenanceOverrides,
  type MaintenanceTiming,
} from '../../../api/core/maintenance/index.ts';

const START = new Date('2026-07-15T02:00:00+09:00');
const END = new Date('2026-07-15T04:00:00+09:00');
const jst = (time: string) => new Date(`2026-07-15T${time}+09:00`);
const ms = (d: Date, delta: number) => new Date(d.getTime() + delta);

function timing(overrides: Partial<MaintenanceOverrides> = {}): MaintenanceTiming {
  return { scheduledFor: START, scheduledUntil: END, overrides: { ...NO_OVERRIDES, ...overrides } };
}

describe('maintenance status from its window and now', () => {
  it('is scheduled until the start, in progress from it, completed at the end', () => {
    const m = timing();
    expect(maintenanceStatus(m, ms(START, -1))).toBe('scheduled');
    expect(maintenanceStatus(m, START)).toBe('in_progress');
    expect(maintenanceStatus(m, ms(END, -1))).toBe('in_progress');
    expect(maintenanceStatus(m, END)).toBe('completed');
  });

  it('runs to the new end when extended', () => {
    const m = timing({ extendedUntil: jst('05:00:00') });
    expect(maintenanceStatus(m, END)).toBe('in_progress');
    expect(maintenanceStatus(m, ms(jst('05:00:00'), -1))).toBe('in_progress');
    expect(maintenanceStatus(m, jst('05:00:00'))).toBe('completed');
  });

  it('completes when finished early', () => {
    const m = timing({ finishedAt: jst('03:00:00') });
    expect(maintenanceStatus(m, ms(jst('03:00:00'), -1))).toBe('in_progress');
    expect(maintenanceStatus(m, jst('03:00:00'))).toBe('completed');
  });

  it('still completes at the announced end when the operators never press finish', () => {
    expect(maintenanceStatus(timing({ finishedAt: jst('04:30:00') }), END)).toBe('completed');
  });

  it('is verifying from the operator’s mark until the end of the window', () => {
    const m = timing({ verifyingAt: jst('03:00:00') });
    expect(maintenanceStatus(m, ms(jst('03:00:00'), -1))).toBe('in_progress');
    expect(maintenanceStatus(m, jst('03:00:00'))).toBe('verifying');
    expect(maintenanceStatus(m, ms(END, -1))).toBe('verifying');
    expect(maintenanceStatus(m, END)).toBe('completed');
  });

  it('is verifying until the operators finish, when they finish early', () => {
    const m = timing({ verifyingAt: jst('03:00:00'), finishedAt: jst('03:30:00') });
    expect(maintenanceStatus(m, jst('03:29:59'))).toBe('verifying');
    expect(maintenanceStatus(m, jst('03:30:00'))).toBe('completed');
  });

  it('is cancelled whatever the time once cancelled', () => {
    const m = timing({ cancelledAt: new Date('2026-06-01T10:00:00+09:00'), cancelReason: '作業内容の見直し' });
    for (const now of [new Date('2026-05-01T00:00:00Z'), ms(START, -1), START, ms(END, -1), END]) {
      expect(maintenanceStatus(m, now)).toBe('cancelled');
    }
  });

  it('starts when the operators recorded a late start', () => {
    const m = timing({ startedAt: jst('02:15:00') });
    expect(maintenanceStatus(m, jst('02:10:00'))).toBe('scheduled');
    expect(maintenanceStatus(m, jst('02:15:00'))).toBe('in_progress');
  });
});

describe('the next transition, for a scheduler that republishes', () => {
  it('is the start while scheduled, then the end', () => {
    expect(nextTransitionAt(timing(), new Date('2026-01-10T00:00:00Z'))).toEqual(START);
    expect(nextTransitionAt(timing(), START)).toEqual(END);
  });

  it('follows an extension, an early finish and verification', () => {
    expect(nextTransitionAt(timing({ extendedUntil: jst('05:00:00') }), jst('03:00:00'))).toEqual(jst('05:00:00'));
    expect(
      nextTransitionAt(timing({ verifyingAt: jst('03:00:00'), finishedAt: jst('03:30:00') }), jst('03:10:00')),
    ).toEqual(jst('03:30:00'));
  });

  it('is null once nothing more will change', () => {
    expect(nextTransitionAt(timing(), END)).toBeNull();
    expect(nextTransitionAt(timing({ cancelledAt: START }), ms(START, -1))).toBeNull();
  });
});

describe('the span a maintenance held its components', () => {
  it('runs from the start to completion, clipped at now, and is null before the start or when cancelled', () => {
    expect(activeSpan(timing(), ms(START, -1))).toBeNull();
    expect(activeSpan(timing(), jst('03:00:00'))).toEqual({ start: START, end: jst('03:00:00') });
    expect(activeSpan(timing({ finishedAt: jst('03:30:00') }), new Date('2026-08-01T00:00:00Z'))).toEqual({
      start: START,
      end: jst('03:30:00'),
    });
    expect(activeSpan(timing({ cancelledAt: START }), END)).toBeNull();
  });
});
