/**
 * Upper bounds (seconds) of the publish duration histogram: a write's publish takes a few hundred
 * milliseconds, a whole five-year history about 17 s, and a publish is cut off at 300 s.
 */
export const PUBLISH_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300];

export const PUBLISH_OUTCOMES = ['published', 'unchanged', 'failed'] as const;
export type PublishOutcome = (typeof PUBLISH_OUTCOMES)[number];

/** What the publisher reports as a publish ends (api/publish/publisher.ts `published`). */
export type PublishEnded =
  | { outcome: 'published'; seconds: number; files: number; changed: number; changedBytes: number; at: Date }
  | { outcome: 'unchanged' | 'failed'; seconds: number };

/**
 * The publishes of this process, kept as plain numbers from the first one on (prom-client is loaded
 * at the first scrape, which must not have missed any). Only publishes that rendered go into the
 * duration histogram: one found up to date renders nothing, and one that failed proves no latency.
 */
export class PublishRecord {
  /** Cumulative counts per bound of PUBLISH_BUCKETS, then +Inf. */
  readonly buckets = new Array<number>(PUBLISH_BUCKETS.length + 1).fill(0);
  sum = 0;
  count = 0;
  readonly outcomes: Record<PublishOutcome, number> = { published: 0, unchanged: 0, failed: 0 };
  last: { files: number; changed: number; changedBytes: number; at: Date } | null = null;

  ended(e: PublishEnded): void {
    this.outcomes[e.outcome]++;
    if (e.outcome !== 'published') return;
    for (let b = 0; b <= PUBLISH_BUCKETS.length; b++)
      if (b === PUBLISH_BUCKETS.length || e.seconds <= PUBLISH_BUCKETS[b]!) this.buckets[b]!++;
    this.sum += e.seconds;
    this.count++;
    this.last = { files: e.files, changed: e.changed, changedBytes: e.changedBytes, at: e.at };
  }
}
