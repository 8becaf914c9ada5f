import type { ComponentStatus } from '../vocab.ts';
import type { Span } from './spans.ts';

export interface StatusSegment extends Span {
  status: Exclude<ComponentStatus, 'operational'>;
}

/**
 * Rank for the sweep. Agrees with `worstComponentStatus` in severity.ts (any breakage beats
 * maintenance, maintenance beats operational); a unit test holds the two together.
 */
export const SWEEP_RANK = {
  operational: 0,
  under_maintenance: 1,
  degraded_performance: 2,
  partial_outage: 3,
  major_outage: 4,
} as const satisfies Record<ComponentStatus, number>;

const BY_RANK = (Object.keys(SWEEP_RANK) as ComponentStatus[]).sort((a, b) => SWEEP_RANK[a] - SWEEP_RANK[b]);

/**
 * One component's status over time from possibly overlapping intervals (several incidents):
 * at every instant the worst status wins, so no minute is ever counted twice. Sorted, disjoint,
 * adjacent equal statuses joined. Sort + sweep, O(n log n).
 */
export function worstStatusTimeline(
  intervals: Iterable<{ status: ComponentStatus; start: number; end: number }>,
): StatusSegment[] {
  // Each event packed in one number, t × 16 + rank × 2 + (1 = opens), so that a typed-array sort
  // (no comparator, no objects) orders them; epoch ms × 16 stays far below 2^53.
  const packed: number[] = [];
  for (const i of intervals) {
    if (i.end <= i.start || i.status === 'operational') continue;
    const rank = SWEEP_RANK[i.status];
    packed.push(i.start * 16 + rank * 2 + 1, i.end * 16 + rank * 2);
  }
  const events = Float64Array.from(packed).sort();
  const active = new Array<number>(BY_RANK.length).fill(0);
  const out: StatusSegment[] = [];
  let from = 0;
  let worst = 0;
  for (let e = 0; e < events.length; ) {
    const t = Math.floor(events[e]! / 16);
    // Apply every event at this instant before looking, so a hand-over at t leaves no gap or sliver.
    for (; e < events.length && Math.floor(events[e]! / 16) === t; e++) {
      const low = events[e]! - t * 16;
      active[low >> 1]! += low & 1 ? 1 : -1;
    }
    let next = active.length - 1;
    while (next > 0 && active[next] === 0) next--;
    if (next === worst) continue;
    if (worst > 0) push(out, { start: from, end: t, status: BY_RANK[worst] as StatusSegment['status'] });
    worst = next;
    from = t;
  }
  return out;
}

function push(out: StatusSegment[], seg: StatusSegment): void {
  const last = out.at(-1);
  if (last && last.end === seg.start && last.status === seg.status) last.end = seg.end;
  else out.push(seg);
}
