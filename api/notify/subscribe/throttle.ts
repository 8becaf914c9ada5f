/**
 * A fixed-window counter per key, in memory (one process; several instances each keep their own,
 * which multiplies the allowance but still bounds it). Keys are forgotten once their window ends,
 * so a flood of distinct keys costs memory only for a window.
 */
export interface Throttle {
  /** Counts one attempt for `key` at `now`; false once the key is past its limit in this window. */
  allow(key: string, now: Date): boolean;
  /** Whether `key` is past its limit in the window that holds `now`, without counting an attempt. */
  exceeded(key: string, now: Date): boolean;
}

export function createThrottle({
  limit,
  windowMs,
  maxKeys = 100_000,
}: {
  limit: number;
  windowMs: number;
  maxKeys?: number;
}): Throttle {
  const counts = new Map<string, { count: number; until: number }>();
  return {
    allow(key, now) {
      const at = now.getTime();
      let entry = counts.get(key);
      if (!entry || entry.until <= at) {
        if (counts.size >= maxKeys) for (const [k, e] of counts) if (e.until <= at) counts.delete(k);
        // Still full of live keys: refuse rather than grow without bound.
        if (counts.size >= maxKeys) return false;
        entry = { count: 0, until: at + windowMs };
        counts.set(key, entry);
      }
      entry.count++;
      return entry.count <= limit;
    },
    exceeded(key, now) {
      const entry = counts.get(key);
      return entry !== undefined && entry.until > now.getTime() && entry.count >= limit;
    },
  };
}
