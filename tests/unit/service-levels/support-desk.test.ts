import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SUPPORT_DESK,
  openingIntervals,
  parseSupportDeskConfig,
  supportStatus,
} from '../../../api/core/service-levels/index.ts';
import { ValidationError } from '../../../api/core/errors.ts';
import { jst } from './make-incident.ts';

const phoneAt = (local: string, config = DEFAULT_SUPPORT_DESK) => supportStatus(config, jst(local)).phone;

describe('support desk hours on a weekday (Friday 2026-11-20)', () => {
  it('opens at 09:00', () => {
    expect(phoneAt('2026-11-20 08:59')).toEqual({
      open: false,
      nextChange: jst('2026-11-20 09:00'),
      nextOpen: jst('2026-11-20 09:00'),
    });
    expect(phoneAt('2026-11-20 09:00').open).toBe(true);
  });

  it('is open at 11:59 and closes for lunch at 12:00', () => {
    expect(phoneAt('2026-11-20 11:59')).toEqual({
      open: true,
      nextChange: jst('2026-11-20 12:00'),
      nextOpen: jst('2026-11-20 13:00'),
    });
    expect(phoneAt('2026-11-20 12:00')).toEqual({
      open: false,
      nextChange: jst('2026-11-20 13:00'),
      nextOpen: jst('2026-11-20 13:00'),
    });
  });

  it('is closed at 12:59 and open again at 13:00', () => {
    expect(phoneAt('2026-11-20 12:59').open).toBe(false);
    expect(phoneAt('2026-11-20 13:00')).toMatchObject({ open: true, nextChange: jst('2026-11-20 17:00') });
  });

  it('closes at 17:00 and next opens after the weekend and the Monday holiday', () => {
    // Sat 21, Sun 22, Mon 23 (勤労感謝の日) closed → Tuesday 24 November 09:00.
    expect(phoneAt('2026-11-20 17:00')).toEqual({
      open: false,
      nextChange: jst('2026-11-24 09:00'),
      nextOpen: jst('2026-11-24 09:00'),
    });
  });

  it('keeps the contact form open all the time', () => {
    expect(supportStatus(DEFAULT_SUPPORT_DESK, jst('2026-11-21 03:00')).form).toEqual({ open: true });
  });
});

describe('support desk on days off', () => {
  it('is closed all Saturday', () => {
    for (const time of ['09:00', '11:59', '13:00', '16:59']) expect(phoneAt(`2026-11-21 ${time}`).open).toBe(false);
  });

  it('is closed on a public holiday that falls on a weekday (2026-11-23 勤労感謝の日)', () => {
    expect(phoneAt('2026-11-23 10:00')).toEqual({
      open: false,
      nextChange: jst('2026-11-24 09:00'),
      nextOpen: jst('2026-11-24 09:00'),
    });
  });

  it('finds the next opening after Golden Week', () => {
    // 2026: Sat 2, Sun 3 (憲法記念日), Mon 4, Tue 5, Wed 6 (振替休日) → Thursday 7 May.
    expect(phoneAt('2026-05-01 17:30').nextOpen).toEqual(jst('2026-05-07 09:00'));
  });

  it('stays open on a holiday when configured to', () => {
    const config = parseSupportDeskConfig({ phone: { closedOnPublicHolidays: false } });
    expect(phoneAt('2026-11-23 10:00', config).open).toBe(true);
  });

  it('honours extra closed dates such as the year-end break', () => {
    const config = parseSupportDeskConfig({
      phone: { closedDates: ['2026-12-29', '2026-12-30', '2026-12-31', '2027-01-02', '2027-01-03'] },
    });
    // Mon 28 Dec 17:00 → 29–31 closed dates, 1 Jan holiday, 2–3 weekend → Monday 4 January.
    expect(phoneAt('2026-12-28 17:00', config).nextOpen).toEqual(jst('2027-01-04 09:00'));
  });
});

describe('opening intervals for a static page', () => {
  it('lists the phone desk intervals of the coming week, skipping the weekend and the holiday', () => {
    // Fri 20, Tue 24, Wed 25, Thu 26 November: two intervals each.
    const intervals = openingIntervals(DEFAULT_SUPPORT_DESK, jst('2026-11-20 00:00'), jst('2026-11-27 00:00'));
    expect(intervals).toHaveLength(8);
    expect(intervals.slice(0, 3)).toEqual([
      { start: jst('2026-11-20 09:00'), end: jst('2026-11-20 12:00') },
      { start: jst('2026-11-20 13:00'), end: jst('2026-11-20 17:00') },
      { start: jst('2026-11-24 09:00'), end: jst('2026-11-24 12:00') },
    ]);
  });

  it('keeps the real bounds of the interval running at the start', () => {
    expect(openingIntervals(DEFAULT_SUPPORT_DESK, jst('2026-11-20 10:00'), jst('2026-11-20 11:00'))).toEqual([
      { start: jst('2026-11-20 09:00'), end: jst('2026-11-20 12:00') },
    ]);
  });

  it('joins touching ranges, also across midnight', () => {
    const config = parseSupportDeskConfig({
      phone: {
        days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'],
        hours: [
          { from: '00:00', to: '02:00' },
          { from: '22:00', to: '24:00' },
        ],
        closedOnPublicHolidays: false,
      },
    });
    expect(openingIntervals(config, jst('2026-11-20 23:00'), jst('2026-11-21 01:00'))).toEqual([
      { start: jst('2026-11-20 22:00'), end: jst('2026-11-21 02:00') },
    ]);
    expect(phoneAt('2026-11-21 00:30', config)).toMatchObject({
      open: true,
      nextChange: jst('2026-11-21 02:00'),
      nextOpen: jst('2026-11-21 22:00'),
    });
  });
});

describe('support desk configuration', () => {
  it('defaults to weekdays 09:00–12:00 and 13:00–17:00, closed on public holidays', () => {
    expect(DEFAULT_SUPPORT_DESK).toEqual({
      phone: {
        days: ['mon', 'tue', 'wed', 'thu', 'fri'],
        hours: [
          { from: '09:00', to: '12:00' },
          { from: '13:00', to: '17:00' },
        ],
        closedOnPublicHolidays: true,
        closedDates: [],
      },
      form: { alwaysOpen: true },
    });
  });

  it('refuses overlapping ranges and names the field', () => {
    try {
      parseSupportDeskConfig({
        phone: {
          hours: [
            { from: '09:00', to: '12:00' },
            { from: '11:00', to: '17:00' },
          ],
        },
      });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).issues[0]?.field).toBe('support_desk.phone.hours.1');
    }
  });

  it('refuses a malformed time, a backwards range and an unknown day', () => {
    expect(() => parseSupportDeskConfig({ phone: { hours: [{ from: '9:00', to: '12:00' }] } })).toThrow(
      ValidationError,
    );
    expect(() => parseSupportDeskConfig({ phone: { hours: [{ from: '17:00', to: '09:00' }] } })).toThrow(
      ValidationError,
    );
    expect(() => parseSupportDeskConfig({ phone: { days: ['funday'] } })).toThrow(ValidationError);
  });
});
