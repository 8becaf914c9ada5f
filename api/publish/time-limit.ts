/** Something the publisher waited on took longer than its limit and is no longer waited for. */
export class TimeLimitError extends Error {
  override name = 'TimeLimitError';
}

/**
 * `promise`'s outcome, or a `TimeLimitError` saying `what` took longer than `ms`. JavaScript cannot
 * stop the work itself; it is abandoned (its outcome ignored), and the timer never outlives the race.
 */
export async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new TimeLimitError(`${what} took longer than ${Math.round(ms)} ms and was abandoned`)),
          Math.max(0, ms),
        );
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
