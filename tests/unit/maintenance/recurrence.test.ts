import { describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import {
  checkLeadTime,
  DEFAULT_STANDING_WINDOW,
  expandOccurrences,
  LEAD_TIME_POLICY,
  occurrencesToPublish,
  parseStandingWindow,
  publishHorizon,
  type StandingWindowConfig,
} from '../../../api/core/maintenance/index.ts';
import { ValidationError } from '../../../api/core/errors.ts';

const NOW = new Date('2026-01-10T09:00:00+09:00');
/** The horizon is the maintenance lead time (the sheet's six months). */
const SIX_MONTHS = LEAD_TIME_POLICY.maintenance.months;

const newYork: StandingWindowConfig = {
  ...DEFAULT_STANDING_WINDOW,
  id: 'ny',
  rrule: 'FREQ=WEEKLY;BYDAY=SU',
  tzid: 'America/New_York',
};

function window(o: { start: Date; end: Date }) {
  return [o.start.toISOString(), o.end.toISOString()];
}

describe('the standing monthly window', () => {
  it('falls on the third Wednesday, 02:00–04:00 JST, every month', () => {
    const occurrences = expandOccurrences(
      DEFAULT_STANDING_WINDOW,
      new Date('2026-01-01T00:00:00+09:00'),
      new Date('2026-05-01T00:00:00+09:00'),
    );
    expect(occurrences.map((o) => o.localDate)).toEqual(['2026-01-21', '2026-02-18', '2026-03-18', '2026-04-15']);
    // 02:00 JST is 17:00 UTC the day before.
    expect(window(occurrences[0]!)).toEqual(['2026-01-20T17:00:00.000Z', '2026-01-20T19:00:00.000Z']);
    expect(occurrences.every((o) => o.componentIds === 'all' && o.title === '定期メンテナンス')).toBe(true);
  });

  it('publishes an occurrence for every month through 6 months ahead, plus the one-month margin, and none past it', () => {
    const published = occurrencesToPublish(DEFAULT_STANDING_WINDOW, NOW, SIX_MONTHS);
    expect(publishHorizon(NOW, SIX_MONTHS).toISOString()).toBe('2026-08-10T00:00:00.000Z'); // 2026-08-10 09:00 JST
    expect(published.map((o) => o.localDate)).toEqual([
      '2026-01-21',
      '2026-02-18',
      '2026-03-18',
      '2026-04-15',
      '2026-05-20',
      '2026-06-17',
      '2026-07-15',
    ]);
    // The next one, 2026-08-19, lies past the horizon.
    expect(published.some((o) => o.localDate >= '2026-08-01')).toBe(false);
  });

  it('leaves out an occurrence that has already started', () => {
    const duringJanuary = new Date('2026-01-21T02:30:00+09:00');
    expect(occurrencesToPublish(DEFAULT_STANDING_WINDOW, duringJanuary, SIX_MONTHS)[0]!.localDate).toBe('2026-02-18');
  });

  it('gives every occurrence full notice when the publisher runs once a month', () => {
    const firstSeen = new Map<string, Date>();
    const installedAt = NOW;
    for (let month = 0; month < 18; month++) {
      const runAt = DateTime.fromJSDate(installedAt).plus({ months: month }).toJSDate();
      for (const o of occurrencesToPublish(DEFAULT_STANDING_WINDOW, runAt, SIX_MONTHS))
        if (!firstSeen.has(o.key)) firstSeen.set(o.key, runAt);
    }
    const later = expandOccurrences(
      DEFAULT_STANDING_WINDOW,
      publishHorizon(installedAt, SIX_MONTHS),
      new Date('2027-06-01T00:00:00+09:00'),
    );
    expect(later.length).toBe(10);
    for (const o of later) {
      expect(
        checkLeadTime({
          kind: 'maintenance',
          announcedAt: firstSeen.get(o.key)!,
          effectiveAt: o.start,
          policy: LEAD_TIME_POLICY,
        }).shortNotice,
      ).toBe(false);
    }
  });

  it('gives each occurrence the same key however the range is cut, so re-running never duplicates', () => {
    const a = expandOccurrences(
      DEFAULT_STANDING_WINDOW,
      new Date('2026-01-01T00:00:00Z'),
      new Date('2026-04-01T00:00:00Z'),
    );
    const b = expandOccurrences(
      DEFAULT_STANDING_WINDOW,
      new Date('2026-02-10T00:00:00Z'),
      new Date('2026-06-01T00:00:00Z'),
    );
    const byKey = new Map([...a, ...b].map((o) => [o.key, window(o)]));
    expect([...byKey.keys()]).toEqual([
      'monthly20260121',
      'monthly20260218',
      'monthly20260318',
      'monthly20260415',
      'monthly20260520',
    ]);
    for (const o of b) expect(window(o)).toEqual(byKey.get(o.key));
  });

  it('counts INTERVAL from startsOn, not from the start of the range', () => {
    const everyOtherMonth = { ...DEFAULT_STANDING_WINDOW, rrule: 'FREQ=MONTHLY;INTERVAL=2;BYDAY=+3WE' };
    const fromFebruary = expandOccurrences(
      everyOtherMonth,
      new Date('2026-02-01T00:00:00+09:00'),
      new Date('2026-08-01T00:00:00+09:00'),
    );
    expect(fromFebruary.map((o) => o.localDate)).toEqual(['2026-03-18', '2026-05-20', '2026-07-15']);
  });
});

describe('a standing window across daylight-saving switches (America/New_York)', () => {
  it('stays at 02:00 local before and after the March switch, and starts at 03:00 EDT on the night 02:00 does not exist', () => {
    const march = expandOccurrences(newYork, new Date('2026-03-01T00:00:00Z'), new Date('2026-03-16T00:00:00Z'));
    expect(march.map(window)).toEqual([
      ['2026-03-01T07:00:00.000Z', '2026-03-01T09:00:00.000Z'], // 02:00–04:00 EST
      ['2026-03-08T07:00:00.000Z', '2026-03-08T08:00:00.000Z'], // 03:00–04:00 EDT: 02:00 read with EST, end stays 04:00
      ['2026-03-15T06:00:00.000Z', '2026-03-15T08:00:00.000Z'], // 02:00–04:00 EDT
    ]);
    expect(march.map((o) => DateTime.fromJSDate(o.start, { zone: 'America/New_York' }).toFormat('HH:mm'))).toEqual([
      '02:00',
      '03:00',
      '02:00',
    ]);
    expect(march[1]!.localDate).toBe('2026-03-08');
  });

  it('stays at 02:00 local across the November switch', () => {
    const november = expandOccurrences(newYork, new Date('2026-10-25T00:00:00Z'), new Date('2026-11-09T00:00:00Z'));
    expect(november.map(window)).toEqual([
      ['2026-10-25T06:00:00.000Z', '2026-10-25T08:00:00.000Z'], // EDT
      ['2026-11-01T07:00:00.000Z', '2026-11-01T09:00:00.000Z'], // EST: clocks fell back at 02:00 EDT
      ['2026-11-08T07:00:00.000Z', '2026-11-08T09:00:00.000Z'],
    ]);
    for (const o of november) expect(DateTime.fromJSDate(o.start, { zone: 'America/New_York' }).hour).toBe(2);
  });

  it('takes the first of a wall-clock time that happens twice, as RFC 5545 says', () => {
    const halfPastOne = { ...newYork, startTime: '01:30' };
    const [night] = expandOccurrences(halfPastOne, new Date('2026-11-01T00:00:00Z'), new Date('2026-11-02T00:00:00Z'));
    // 01:30 EDT, until 03:30 EST: the wall clock shows 01:30–03:30.
    expect(window(night!)).toEqual(['2026-11-01T05:30:00.000Z', '2026-11-01T08:30:00.000Z']);
  });
});

describe('standing window configuration', () => {
  it('accepts the default', () => {
    expect(parseStandingWindow(DEFAULT_STANDING_WINDOW)).toEqual(DEFAULT_STANDING_WINDOW);
  });

  it.each([
    ['rrule', 'FREQ=SOMETIMES'],
    ['rrule', 'FREQ=HOURLY'],
    ['rrule', 'FREQ=MONTHLY;BYDAY=+3WE;BYHOUR=3'],
    ['rrule', 'DTSTART:20260101T000000Z\nRRULE:FREQ=MONTHLY'],
    ['tzid', 'Mars/Olympus_Mons'],
    ['startTime', '2:00'],
    ['startTime', '24:00'],
    ['durationMinutes', 0],
    ['componentIds', []],
    ['title', ' '],
  ])('refuses a bad %s (%j) naming the field', (field, value) => {
    const attempt = () => parseStandingWindow({ ...DEFAULT_STANDING_WINDOW, [field]: value });
    expect(attempt).toThrow(ValidationError);
    try {
      attempt();
    } catch (error) {
      expect((error as ValidationError).issues.map((i) => i.field)).toContain(field);
    }
  });
});
