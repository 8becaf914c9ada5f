/** The promise's outcome, or the error `onTimeout()` makes after `ms`; the timer never outlives the race. */
export async function within<T>(promise: Promise<T>, ms: number, onTimeout: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(onTimeout()), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** Waits until the promise settles, however it settles, but no longer than `ms`. */
export async function waitAtMost(promise: Promise<unknown>, ms: number): Promise<void> {
  await within(promise, ms, () => new Error('waited long enough')).catch(() => {});
}
