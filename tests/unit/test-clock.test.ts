import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../api/server/config.ts';
import { runContext, systemClock, testClockFrom } from '../../api/server/context.ts';

const TOKEN = 'clock-token-0123456789abcdef0123456789';

describe('the test clock (SHIRASE_TEST_CLOCK)', () => {
  it('starts at the pinned instant and runs on with elapsed time; a move restarts it from the new instant', () => {
    let elapsed = 5_000;
    const clock = testClockFrom(new Date('2026-12-15T10:00:00+09:00'), () => elapsed);
    expect(clock.now().toISOString()).toBe('2026-12-15T01:00:00.000Z');
    elapsed += 90_000;
    expect(clock.now().toISOString()).toBe('2026-12-15T01:01:30.000Z');
    clock.set(new Date('2026-12-16T02:00:00+09:00'));
    elapsed += 1_500;
    expect(clock.now().toISOString()).toBe('2026-12-15T17:00:01.500Z');
  });

  it('is read from the environment as an instant with an offset, and becomes the run context’s one clock', () => {
    const config = loadConfig({ SHIRASE_TEST_CLOCK: '2026-12-15T10:00:00+09:00' });
    expect(config.testClock?.toISOString()).toBe('2026-12-15T01:00:00.000Z');
    const context = runContext(config);
    expect(context.testClock).toBe(context.clock);
    expect(context.clock.now().getTime() - Date.parse('2026-12-15T01:00:00Z')).toBeLessThan(60_000);
  });

  it('is the system clock, and cannot be moved, when unset or empty', () => {
    for (const env of [{}, { SHIRASE_TEST_CLOCK: '' }]) {
      const context = runContext(loadConfig(env));
      expect(context.clock).toBe(systemClock);
      expect(context.testClock).toBeNull();
    }
  });

  it('refuses a time without an offset, naming the variable', () => {
    expect(() => loadConfig({ SHIRASE_TEST_CLOCK: '2026-12-15T10:00:00' })).toThrow(
      'SHIRASE_TEST_CLOCK must be an ISO 8601 instant with an offset',
    );
  });

  it('makes a production start refuse, naming the variable', () => {
    expect(() =>
      loadConfig({ NODE_ENV: 'production', ADMIN_TOKEN: TOKEN, SHIRASE_TEST_CLOCK: '2026-12-15T10:00:00+09:00' }),
    ).toThrow('SHIRASE_TEST_CLOCK is set: in production Shirase refuses to start');
  });
});
