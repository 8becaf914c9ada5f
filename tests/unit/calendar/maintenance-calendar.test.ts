import { describe, expect, it } from 'vitest';
import ICAL from 'ical.js';
import { buildMaintenanceCalendar } from '../../../api/publish/formats/calendar/index.ts';
import { cancel, LEAD_TIME_POLICY, reschedule, type MaintenanceView } from '../../../api/core/maintenance/index.ts';
import { makeMaintenance } from '../maintenance/make-maintenance.ts';

const NOW = new Date('2026-02-01T10:00:00+09:00');
const jst = (s: string) => new Date(`${s}+09:00`);

function build(maintenances: MaintenanceView[], lang: 'ja' | 'en' = 'ja', calendarName = 'Shirase 計画メンテナンス') {
  return buildMaintenanceCalendar({ maintenances, calendarName, url: 'https://status.example.jp', lang, now: NOW });
}

/** Read the output back with an independent parser. */
function parse(text: string) {
  const calendar = new ICAL.Component(ICAL.parse(text));
  const events = calendar.getAllSubcomponents('vevent').map((vevent) => ({
    uid: vevent.getFirstPropertyValue('uid'),
    sequence: vevent.getFirstPropertyValue('sequence'),
    status: vevent.getFirstPropertyValue('status'),
    summary: vevent.getFirstPropertyValue('summary'),
    description: vevent.getFirstPropertyValue('description'),
    url: vevent.getFirstPropertyValue('url'),
    start: (vevent.getFirstPropertyValue('dtstart') as ICAL.Time).toJSDate(),
    end: (vevent.getFirstPropertyValue('dtend') as ICAL.Time).toJSDate(),
    stamp: (vevent.getFirstPropertyValue('dtstamp') as ICAL.Time).toJSDate(),
  }));
  return { name: calendar.getFirstPropertyValue('x-wr-calname'), events };
}

describe('the planned-maintenance calendar', () => {
  const july = makeMaintenance({ id: 'mnt1', sequence: 2, updatedAt: jst('2026-01-12T09:00:00') });
  const june = makeMaintenance({
    id: 'mnt0',
    title: '請求書 データベース移行',
    titleEn: null,
    scheduledFor: jst('2026-06-17T02:00:00'),
    scheduledUntil: jst('2026-06-17T04:00:00'),
  });

  it('parses with ical.js and carries UID, SEQUENCE, STATUS, the window and the summary', () => {
    const { name, events } = parse(build([july, june]));
    expect(name).toBe('Shirase 計画メンテナンス');
    expect(events.map((e) => e.uid)).toEqual(['mnt0@shirase', 'mnt1@shirase']); // by start
    expect(events[1]).toEqual({
      uid: 'mnt1@shirase',
      sequence: 2,
      status: 'CONFIRMED',
      summary: '定期メンテナンス',
      description:
        'この間、サービスをご利用いただけない場合があります。\n\nhttps://status.example.jp/maintenance/mnt1/',
      url: 'https://status.example.jp/maintenance/mnt1/',
      start: new Date('2026-07-14T17:00:00Z'),
      end: new Date('2026-07-14T19:00:00Z'),
      stamp: jst('2026-01-12T09:00:00'),
    });
  });

  it('writes the summary in English when asked, falling back to Japanese', () => {
    const { events } = parse(build([july, june], 'en'));
    expect(events.map((e) => e.summary)).toEqual(['請求書 データベース移行', 'Monthly scheduled maintenance']);
    expect(events[1]!.description).toContain('The service may be unavailable during this time.');
  });

  it('keeps the UID across a reschedule and carries the bumped sequence and new times', () => {
    const moved = reschedule(july, {
      start: jst('2026-08-19T02:00:00'),
      end: jst('2026-08-19T04:00:00'),
      by: 'op',
      reason: '日程変更',
      now: NOW,
      policy: LEAD_TIME_POLICY,
    }).view;
    const [event] = parse(build([moved])).events;
    expect(event).toMatchObject({ uid: 'mnt1@shirase', sequence: 3, start: new Date('2026-08-18T17:00:00Z') });
  });

  it('marks a cancelled maintenance CANCELLED, with the reason', () => {
    const cancelled = cancel(july, { by: 'op', reason: '作業が不要になったため', now: NOW }).view;
    const [event] = parse(build([cancelled])).events;
    expect(event).toMatchObject({ status: 'CANCELLED', sequence: 3 });
    expect(event!.description).toContain('中止の理由: 作業が不要になったため');
  });

  it('shows the extended end of an extended maintenance', () => {
    const extended = makeMaintenance({ overrides: { ...july.overrides, extendedUntil: jst('2026-07-15T05:00:00') } });
    expect(parse(build([extended])).events[0]!.end).toEqual(new Date('2026-07-14T20:00:00Z'));
  });

  it('is the same text for the same input, whatever order the maintenances come in', () => {
    expect(build([july, june])).toBe(build([june, july]));
  });

  it('is an empty but valid calendar when there is nothing to show', () => {
    expect(parse(build([])).events).toEqual([]);
  });
});

describe('hostile text in the calendar', () => {
  const hostile = makeMaintenance({
    title: 'A ]]> <script>alert(1)</script>\r\nEND:VEVENT\r\nX-INJECTED:1\u0000\u0007\u000b\u001f',
    body: 'line one\r\nBEGIN:VALARM\u000c\nline; two, with \\ backslash\u0008',
    shortNotice: true,
    shortNoticeReason: '急ぎ\r\nX-ALSO:1',
  });
  const text = build([hostile], 'ja', 'Name\r\nX-CAL-INJECTED:1\u0001;x');

  it('stays one valid event, with the markup as harmless text', () => {
    const { name, events } = parse(text);
    expect(events).toHaveLength(1);
    expect(events[0]!.summary).toBe('A ]]> <script>alert(1)</script> END:VEVENT X-INJECTED:1');
    expect(events[0]!.description).toBe(
      'line one\nBEGIN:VALARM\nline; two, with \\ backslash\n\n短期予告の理由: 急ぎ X-ALSO:1\n\nhttps://status.example.jp/maintenance/mnt1/',
    );
    // NAME and X-WR-CALNAME are TEXT (RFC 7986, RFC 5545 §3.8.8.2), so `;` is escaped; ical.js
    // does not know them and hands the raw value back.
    expect(name).toBe('Name X-CAL-INJECTED:1\\;x');
  });

  it('lets no injected line through and no control character out', () => {
    const lines = text.split('\r\n');
    expect(lines.filter((l) => /^(X-INJECTED|X-ALSO|X-CAL-INJECTED|BEGIN:VALARM|END:VEVENT)/.test(l))).toEqual([
      'END:VEVENT',
    ]);
    // eslint-disable-next-line no-control-regex
    expect(text.replaceAll('\r\n', '')).not.toMatch(/[\u0000-\u001F\u007F]/);
  });

  it('folds every line to at most 75 octets, without splitting a character', () => {
    const long = makeMaintenance({ title: 'メンテナンス'.repeat(30) });
    const output = build([long]);
    for (const line of output.split('\r\n')) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
    expect(parse(output).events[0]!.summary).toBe('メンテナンス'.repeat(30));
  });
});
