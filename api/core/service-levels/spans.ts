/**
 * Half-open time spans [start, end) in epoch milliseconds. Every list a function here returns is
 * sorted by start and disjoint, and the functions that take lists rely on that invariant: it is what
 * lets a period be measured by binary search plus a short walk instead of a scan of all history.
 */
export interface Span {
  start: number;
  end: number;
}

/** Union of possibly overlapping spans; touching spans are joined. */
export function unionSpans(spans: Iterable<Span>): Span[] {
  const sorted = [...spans].filter((s) => s.end > s.start).sort((a, b) => a.start - b.start);
  const out: Span[] = [];
  for (const s of sorted) {
    const last = out.at(-1);
    if (last && s.start <= last.end) last.end = Math.max(last.end, s.end);
    else out.push({ start: s.start, end: s.end });
  }
  return out;
}

/** Index of the first span whose end is after `t` (spans sorted and disjoint, so ends are sorted too). */
export function firstEndingAfter(spans: readonly Span[], t: number): number {
  let lo = 0;
  let hi = spans.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (spans[mid]!.end > t) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Total length of `spans` inside [from, to). */
export function overlapMs(spans: readonly Span[], from: number, to: number): number {
  let total = 0;
  for (let i = firstEndingAfter(spans, from); i < spans.length; i++) {
    const s = spans[i]!;
    if (s.start >= to) break;
    total += Math.min(s.end, to) - Math.max(s.start, from);
  }
  return total;
}

/**
 * `pieces` with every part that lies inside `holes` cut out; extra fields of a piece are kept.
 * Both lists sorted and disjoint; one merge walk, O(pieces + holes).
 */
export function subtractSpans<T extends Span>(pieces: readonly T[], holes: readonly Span[]): T[] {
  const out: T[] = [];
  let h = 0;
  for (const piece of pieces) {
    let cursor = piece.start;
    while (h < holes.length && holes[h]!.end <= cursor) h++;
    for (let k = h; k < holes.length && holes[k]!.start < piece.end; k++) {
      const hole = holes[k]!;
      if (hole.start > cursor) out.push({ ...piece, start: cursor, end: hole.start });
      cursor = Math.max(cursor, hole.end);
      if (cursor >= piece.end) break;
    }
    if (cursor < piece.end) out.push({ ...piece, start: cursor, end: piece.end });
  }
  return out;
}
