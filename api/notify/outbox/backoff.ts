/** How the outbox retries and when it gives up on a recipient. */
export interface RetryPolicy {
  /** Attempts per delivery, the first included; after the last temporary failure it is `failed`. */
  maxAttempts: number;
  /** The wait after the first failure; it doubles with each further one, up to `maxDelayMs`. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** Consecutive failed attempts (any delivery) after which the recipient is quarantined. */
  quarantineAfter: number;
}

/** About 2 days of attempts (30 s … 6 h): an SMTP relay down over a weekend night still gets the mail. */
export const DEFAULT_RETRY: RetryPolicy = {
  maxAttempts: 12,
  baseDelayMs: 30_000,
  maxDelayMs: 6 * 3600_000,
  quarantineAfter: 20,
};

/**
 * The wait before attempt `attempts + 1`: exponential, with "equal jitter" (half fixed, half random)
 * so that recipients that failed together do not all come back in the same second; never sooner
 * than the receiver asked (Retry-After, an SMTP 4xx's hint).
 */
export function retryDelayMs(
  attempts: number,
  policy: RetryPolicy,
  random: () => number,
  retryAfterMs?: number,
): number {
  const exp = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempts - 1));
  const jittered = exp / 2 + (random() * exp) / 2;
  return Math.round(Math.max(jittered, retryAfterMs ?? 0));
}
