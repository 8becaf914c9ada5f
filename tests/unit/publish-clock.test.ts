import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Change } from '../../api/core/change.ts';
import { createPublishClock, type WakeSource } from '../../api/server/clock.ts';
import { makeModel } from './service-levels/make-model.ts';

const T0 = new Date('2026-11-27T11:00:00+09:00');
const model = (now: Date) => makeModel({ components: [], now });
const minutesAfter = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

describe('the republish clock', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(T0);
  });
  afterEach(() => vi.useRealTimers());

  function clockWith(...sources: WakeSource[]) {
    const changes: Change[] = [];
    const clock = createPublishClock({ sources, notify: (c) => changes.push(c), now: () => new Date() });
    return { clock, changes };
  }

  it('notifies a clock change at the earliest time any source names, not before', () => {
    const { clock, changes } = clockWith(
      () => minutesAfter(30),
      () => minutesAfter(10),
      () => null,
    );
    clock.observe(model(T0));
    expect(clock.wakeAt).toEqual(minutesAfter(10));
    vi.advanceTimersByTime(10 * 60_000 - 1);
    expect(changes).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(changes).toEqual([{ kind: 'clock' }]);
  });

  it('re-arms from each model it sees, so a newer model moves the wake', () => {
    let due = minutesAfter(10);
    const { clock, changes } = clockWith(() => due);
    clock.observe(model(T0));
    due = minutesAfter(40);
    clock.observe(model(T0));
    vi.advanceTimersByTime(30 * 60_000);
    expect(changes).toEqual([]);
    vi.advanceTimersByTime(10 * 60_000);
    expect(changes).toHaveLength(1);
  });

  it('ignores times that are not in the future and sets no timer when nothing is ahead', () => {
    const { clock, changes } = clockWith(
      () => T0,
      () => minutesAfter(-5),
    );
    clock.observe(model(T0));
    expect(clock.wakeAt).toBeNull();
    vi.advanceTimersByTime(24 * 3600_000);
    expect(changes).toEqual([]);
  });

  it('reaches a wake beyond setTimeout’s 24.8-day limit in hops, on time', () => {
    const { clock, changes } = clockWith(() => minutesAfter(40 * 1440));
    clock.observe(model(T0));
    vi.advanceTimersByTime(40 * 1440 * 60_000 - 1);
    expect(changes).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(changes).toEqual([{ kind: 'clock' }]);
  });

  it('tries again a minute later when the publish that a wake started never read a model', () => {
    const { clock, changes } = clockWith(() => minutesAfter(1));
    clock.observe(model(T0));
    vi.advanceTimersByTime(60_000);
    vi.advanceTimersByTime(60_000);
    expect(changes).toHaveLength(2);
    clock.stop();
    vi.advanceTimersByTime(10 * 60_000);
    expect(changes).toHaveLength(2);
  });
});
