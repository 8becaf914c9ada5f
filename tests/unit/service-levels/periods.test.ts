import { describe, expect, it } from 'vitest';
import { periodContaining, periodOf, periodsWithin } from '../../../api/core/service-levels/index.ts';
import { ValidationError } from '../../../api/core/errors.ts';

describe('JST periods', () => {
  it('puts 15:00 UTC on the next JST day, month and year', () => {
    const at = new Date('2026-12-31T15:00:00Z');
    expect(periodContaining('day', at).key).toBe('2027-01-01');
    expect(periodContaining('month', at).key).toBe('2027-01');
    expect(periodContaining('year', at).key).toBe('2027');
  });

  it('starts and ends a month at JST midnight', () => {
    const feb = periodOf('month', '2026-02');
    expect(feb.start.toISOString()).toBe('2026-01-31T15:00:00.000Z');
    expect(feb.end.toISOString()).toBe('2026-02-28T15:00:00.000Z');
  });

  it('splits a year into its twelve months', () => {
    expect(periodsWithin('month', periodOf('year', '2028')).map((p) => p.key)).toEqual([
      '2028-01',
      '2028-02',
      '2028-03',
      '2028-04',
      '2028-05',
      '2028-06',
      '2028-07',
      '2028-08',
      '2028-09',
      '2028-10',
      '2028-11',
      '2028-12',
    ]);
  });

  it('refuses a key that is not a period', () => {
    expect(() => periodOf('month', '2026-13')).toThrow(ValidationError);
  });
});
