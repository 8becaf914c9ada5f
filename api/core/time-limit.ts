/** Something we waited on took longer than its limit and is no longer waited for. */
export class TimeLimitError extends Error {
  override name = 'TimeLimitError';
}

/**
 * `promise`'s outcome, or after `ms` an error: a `TimeLimitError` saying `what` took too long, or
 * the one `what()` makes. JavaScript cannot stop the work itself; it is abandoned (its outcome
 * ignored), and the timer never outlives the race.
 */
export async function within<T>(promise: Promise<T>, ms: number, what: string | (() => Error)): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = () =>
    typeof what === 'string'
      ? new TimeLimitError(`${what} took longer than ${Math.round(ms)} ms and was abandoned`)
      : what();
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(expired()), Math.max(0, ms));
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** Waits until the promise settles, however it settles, but no longer than `ms`. */
export async function waitAtMost(promise: Promise<unknown>, ms: number): Promise<void> {
  await within(promise, ms, 'waiting').catch(() => {});
}
