import { DateTime } from 'luxon';
import { PAGE_TIME_ZONE, toLocalDate } from '../time.ts';
import { fieldIssue, ValidationError } from '../errors.ts';
import { say } from '../messages/say.ts';

/**
 * Calendar periods in JST. The sheet's promise is a *monthly* availability, and a Japanese customer
 * reads "November" as Tokyo's November, so every boundary is a Tokyo midnight, never UTC's.
 */
const PERIOD_KINDS = ['day', 'month', 'year'] as const;
export type PeriodKind = (typeof PERIOD_KINDS)[number];

export interface Period {
  kind: PeriodKind;
  /** `YYYY-MM-DD`, `YYYY-MM` or `YYYY`, in JST. */
  key: string;
  start: Date;
  /** Exclusive. */
  end: Date;
}

const KEY_FORMAT = { day: 'yyyy-MM-dd', month: 'yyyy-MM', year: 'yyyy' } as const satisfies Record<PeriodKind, string>;

function fromStart(kind: PeriodKind, start: DateTime): Period {
  return {
    kind,
    key: start.toFormat(KEY_FORMAT[kind]),
    start: start.toJSDate(),
    end: start.plus({ [`${kind}s`]: 1 }).toJSDate(),
  };
}

/** The JST day, month or year that contains `at`. */
export function periodContaining(kind: PeriodKind, at: Date): Period {
  return fromStart(kind, DateTime.fromJSDate(at, { zone: PAGE_TIME_ZONE }).startOf(kind));
}

/** The period named by its key, e.g. `periodOf('month', '2028-02')`. */
export function periodOf(kind: PeriodKind, key: string): Period {
  const start = DateTime.fromFormat(key, KEY_FORMAT[kind], { zone: PAGE_TIME_ZONE });
  if (!start.isValid)
    throw new ValidationError([
      fieldIssue('period', say('field.period', { key, kind: say(`period.${kind}`), format: KEY_FORMAT[kind] })),
    ]);
  return fromStart(kind, start);
}

/** The last few answers of `periodsEndingAt`, by kind, count and the JST period containing `at`. */
const endingAt = new Map<string, readonly Period[]>();

/** The `count` consecutive periods of `kind` that end with the one containing `at`, oldest first. */
export function periodsEndingAt(kind: PeriodKind, count: number, at: Date): Period[] {
  // Every publish asks for the same 90 days and 12 months: through luxon they cost ~9 ms a report.
  const day = toLocalDate(at);
  const key = `${kind} ${count} ${kind === 'day' ? day : kind === 'month' ? day.slice(0, 7) : day.slice(0, 4)}`;
  const kept = endingAt.get(key);
  if (kept) return [...kept];
  const last = DateTime.fromJSDate(at, { zone: PAGE_TIME_ZONE }).startOf(kind);
  const out: Period[] = [];
  for (let i = count - 1; i >= 0; i--) out.push(fromStart(kind, last.minus({ [`${kind}s`]: i })));
  if (endingAt.size >= 32) endingAt.clear();
  endingAt.set(key, out);
  return [...out];
}

/** The periods of `kind` inside `outer` (e.g. the 12 months of a year), in order. */
export function periodsWithin(kind: PeriodKind, outer: Period): Period[] {
  const out: Period[] = [];
  let cursor = DateTime.fromJSDate(outer.start, { zone: PAGE_TIME_ZONE });
  const end = outer.end.getTime();
  while (cursor.toMillis() < end) {
    out.push(fromStart(kind, cursor));
    cursor = cursor.plus({ [`${kind}s`]: 1 });
  }
  return out;
}
