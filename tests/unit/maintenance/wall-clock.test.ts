import { describe, expect, it } from 'vitest';
import { wallClockToInstant } from '../../../api/core/maintenance/index.ts';

function at(local: string, tzid: string): string {
  const [date, time] = local.split('T') as [string, string];
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const [hour, minute] = time.split(':').map(Number) as [number, number];
  return wallClockToInstant({ year, month, day, hour, minute }, tzid).toISOString();
}

describe('wall-clock times to instants', () => {
  it('reads JST as UTC+9 all year', () => {
    expect(at('2026-01-21T02:00', 'Asia/Tokyo')).toBe('2026-01-20T17:00:00.000Z');
    expect(at('2026-07-15T02:00', 'Asia/Tokyo')).toBe('2026-07-14T17:00:00.000Z');
  });

  it('reads a time in the spring-forward gap with the offset from before the gap', () => {
    expect(at('2026-03-08T02:00', 'America/New_York')).toBe('2026-03-08T07:00:00.000Z');
    expect(at('2026-03-08T02:30', 'America/New_York')).toBe('2026-03-08T07:30:00.000Z');
    expect(at('2026-03-29T02:30', 'Europe/Berlin')).toBe('2026-03-29T01:30:00.000Z');
  });

  it('takes the first of a time that occurs twice when clocks fall back', () => {
    expect(at('2026-11-01T01:30', 'America/New_York')).toBe('2026-11-01T05:30:00.000Z');
    expect(at('2026-10-25T02:30', 'Europe/Berlin')).toBe('2026-10-25T00:30:00.000Z');
    expect(at('2026-04-05T02:30', 'Australia/Sydney')).toBe('2026-04-04T15:30:00.000Z');
  });

  it('reads the hour right after a fall-back switch with the new offset', () => {
    expect(at('2026-11-01T02:00', 'America/New_York')).toBe('2026-11-01T07:00:00.000Z');
  });
});
