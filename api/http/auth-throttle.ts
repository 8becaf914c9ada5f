import type { RateLimiterMemory } from 'rate-limiter-flexible';

/** Ten wrong tokens in five minutes from one address: more than typos, and useless for guessing 256 bits. */
export const FAILURES_ALLOWED = 10;
export const FAILURE_WINDOW_SECONDS = 5 * 60;

/**
 * Failed API authentications counted per client address. In this process's memory, not in the
 * database: the point is to answer a flood of guesses cheaply, without a query or a hash per guess,
 * and a token carries 256 random bits, so an attacker spreading guesses over several instances
 * gains nothing a per-instance limit would have stopped. (Console logins, which guard a password a
 * person chose, count from login_history instead, across instances.) rate-limiter-flexible is
 * loaded on the first failure, not at start.
 */
export function createAuthThrottle() {
  let limiters: Promise<{ failures: RateLimiterMemory; noted: RateLimiterMemory }> | null = null;
  const load = () =>
    (limiters ??= import('rate-limiter-flexible').then(({ RateLimiterMemory }) => ({
      failures: new RateLimiterMemory({
        keyPrefix: 'api-auth',
        points: FAILURES_ALLOWED,
        duration: FAILURE_WINDOW_SECONDS,
      }),
      // One point per window: the first refusal of a throttled address is recorded, the flood after it is not.
      noted: new RateLimiterMemory({ keyPrefix: 'api-auth-noted', points: 1, duration: FAILURE_WINDOW_SECONDS }),
    })));
  return {
    /** Seconds until `key` may try again, or null while it may. No work at all before the first failure. */
    async blockedFor(key: string): Promise<number | null> {
      if (!limiters) return null;
      const res = await (await load()).failures.get(key);
      return res && res.consumedPoints >= FAILURES_ALLOWED ? Math.max(1, Math.ceil(res.msBeforeNext / 1000)) : null;
    },
    async failed(key: string): Promise<void> {
      await (await load()).failures.penalty(key);
    },
    /** True once per window for a throttled key: whether this refusal is the one to record. */
    async firstRefusal(key: string): Promise<boolean> {
      return (await load()).noted.consume(key).then(
        () => true,
        () => false,
      );
    },
  };
}

export type AuthThrottle = ReturnType<typeof createAuthThrottle>;
