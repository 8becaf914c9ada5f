/**
 * The server's own publish figure, read from /metrics, so that the bench prints it beside what it
 * measured from outside (issue 13: /metrics' publish latency matches the bench).
 */
import { get } from './nginx-wrk.ts';

/** shirase_publish_duration_seconds' count and sum (seconds) as /metrics says them now. */
export async function publishHistogram(base: string): Promise<{ count: number; sum: number }> {
  const res = await get(`${base}/metrics`);
  if (res.status !== 200) throw new Error(`GET /metrics answered ${res.status}`);
  const sample = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(res.body)?.[1] ?? Number.NaN);
  return {
    count: sample('shirase_publish_duration_seconds_count'),
    sum: sample('shirase_publish_duration_seconds_sum'),
  };
}

/** The mean publish duration (ms) /metrics observed between two readings, with how many publishes. */
export function publishesBetween(before: { count: number; sum: number }, after: { count: number; sum: number }) {
  const count = after.count - before.count;
  return { count, meanMs: count > 0 ? ((after.sum - before.sum) / count) * 1000 : Number.NaN };
}
