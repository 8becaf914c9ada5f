import { CODE_CLASSES, ROUTE_KINDS } from './route-kind.ts';

/**
 * Upper bounds (seconds) of the request latency histogram: a hot file is answered in tens of
 * microseconds, an API write in milliseconds, a console page or a cold read in tens of them.
 */
export const REQUEST_BUCKETS = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 5];

/** Per kind and code class: the count of each bucket (not cumulative), then the +Inf bucket, the sum, the count. */
const SLOT = REQUEST_BUCKETS.length + 3;
export const REQUEST_COUNTS_LENGTH = ROUTE_KINDS.length * CODE_CLASSES.length * SLOT;

/**
 * Requests counted where they are answered (the thread that listens), in one preallocated array:
 * recording one is a few additions, nothing allocated, no library loaded. The thread that answers
 * /metrics sums every thread's copy (`snapshot`) at scrape time (api/metrics/registry.ts).
 */
export class RequestCounts {
  readonly counts = new Float64Array(REQUEST_COUNTS_LENGTH);

  record(kind: number, codeClass: number, seconds: number): void {
    const at = (kind * CODE_CLASSES.length + codeClass) * SLOT;
    let b = 0;
    while (b < REQUEST_BUCKETS.length && seconds > REQUEST_BUCKETS[b]!) b++;
    const c = this.counts;
    c[at + b]!++;
    c[at + SLOT - 2]! += seconds;
    c[at + SLOT - 1]!++;
  }

  /** A copy, to be sent to another thread. */
  snapshot(): Float64Array {
    return this.counts.slice();
  }
}

/** One kind and code class's figures, summed over the threads' snapshots; buckets cumulative, as Prometheus has them. */
export interface RequestSeries {
  kind: string;
  code: string;
  /** Cumulative counts per bound of REQUEST_BUCKETS, then +Inf. */
  buckets: number[];
  sum: number;
  count: number;
}

/** The series that saw at least one request. */
export function requestSeries(snapshots: readonly Float64Array[]): RequestSeries[] {
  const series: RequestSeries[] = [];
  for (let k = 0; k < ROUTE_KINDS.length; k++)
    for (let c = 0; c < CODE_CLASSES.length; c++) {
      const at = (k * CODE_CLASSES.length + c) * SLOT;
      const total = (i: number) => snapshots.reduce((s, x) => s + (x[at + i] ?? 0), 0);
      const count = total(SLOT - 1);
      if (count === 0) continue;
      const buckets: number[] = [];
      let running = 0;
      for (let b = 0; b <= REQUEST_BUCKETS.length; b++) {
        running += total(b);
        buckets.push(running);
      }
      series.push({ kind: ROUTE_KINDS[k]!, code: CODE_CLASSES[c]!, buckets, sum: total(SLOT - 2), count });
    }
  return series;
}
