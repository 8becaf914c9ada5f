import type { SiteSettings } from '../core/settings.ts';
import type { Config } from './config.ts';

/** The process's one clock: the API, the publisher, the publish clock, the jobs and the seed all read it. */
export interface Clock {
  now(): Date;
}

/** A clock tests may move forward (SHIRASE_TEST_CLOCK); it runs on at real speed from where it was put. */
export interface TestClock extends Clock {
  /** Jumps to `at`; the caller refuses a move backwards (see test-clock.ts). */
  set(at: Date): void;
}

/**
 * Built once, in the composition root (`startShirase`, `exportSite`), and handed to every entry
 * point: nothing below it reads the system clock or a default setting of its own.
 */
export interface RunContext {
  clock: Clock;
  settings: SiteSettings;
  /** The same object as `clock` when SHIRASE_TEST_CLOCK is set, else null: only then may anything move it. */
  testClock: TestClock | null;
}

export const systemClock: Clock = { now: () => new Date() };

/**
 * Starts at `start` and advances with the monotonic clock (`performance.now`), so a jump of the
 * machine's wall clock (NTP, faketime) cannot move it; `set` restarts it from another instant.
 */
export function testClockFrom(start: Date, elapsedMs: () => number = () => performance.now()): TestClock {
  let base = start.getTime();
  let origin = elapsedMs();
  return {
    now: () => new Date(base + (elapsedMs() - origin)),
    set(at) {
      base = at.getTime();
      origin = elapsedMs();
    },
  };
}

export function runContext(config: Pick<Config, 'settings' | 'testClock'>): RunContext {
  const testClock = config.testClock ? testClockFrom(config.testClock) : null;
  return { clock: testClock ?? systemClock, settings: config.settings, testClock };
}
