import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { PAGE_TIME_ZONE, toIsoOffset, toLocalDate, toLocalMonth } from '../../api/core/time.ts';

/** Instants on both sides of every JST midnight at the turn of each month, 1950–2100, and a spread in between. */
function instants(): Date[] {
  const out: Date[] = [];
  for (let year = 1950; year <= 2100; year++)
    for (let month = 1; month <= 12; month++) {
      const midnight = DateTime.fromObject({ year, month, day: 1 }, { zone: PAGE_TIME_ZONE }).toMillis();
      for (const d of [-86_400_000, -1, 0, 1, 3_600_000 * 15]) out.push(new Date(midnight + d));
    }
  return out;
}

describe('JST calendar dates and months', () => {
  it('are what luxon reads in the page zone, at every month boundary of 150 years', () => {
    for (const date of instants()) {
      const jst = DateTime.fromJSDate(date, { zone: PAGE_TIME_ZONE });
      expect(toLocalDate(date)).toBe(jst.toISODate());
      expect(toLocalMonth(date)).toBe(jst.toFormat('yyyy-MM'));
      expect(toIsoOffset(date)).toBe(jst.toISO({ suppressMilliseconds: false, includeOffset: true }));
    }
  });

  it('are read in another zone when one is given', () => {
    const date = new Date('2026-11-30T20:00:00Z');
    expect(toLocalDate(date)).toBe('2026-12-01');
    expect(toLocalMonth(date)).toBe('2026-12');
    expect(toLocalDate(date, 'America/New_York')).toBe('2026-11-30');
    expect(toLocalMonth(date, 'America/New_York')).toBe('2026-11');
    expect(toIsoOffset(date, 'America/New_York')).toBe('2026-11-30T15:00:00.000-05:00');
  });
});
