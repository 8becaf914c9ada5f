import { describe, expect, it } from 'vitest';
import { measureLeadTime } from '../../api/core/maintenance/lead-time.ts';
import { LEAD_TIME_POLICY } from '../../api/core/maintenance/lead-time-policy.ts';
import type { NoticeKind } from '../../api/core/maintenance/types.ts';
import { leadTimeText } from '../../site/components/maintenance-format.ts';
import { CATALOGUES, t } from '../../site/i18n/index.ts';

const START = new Date('2026-12-16T02:00:00+09:00');
const announced = (announcedAt: string, kind: NoticeKind = 'maintenance') => ({
  lead: measureLeadTime(kind, new Date(announcedAt), START, LEAD_TIME_POLICY),
});

describe('how long ahead a notice was given, as the pages say it', () => {
  it('says a maintenance announced on its own day was announced on the day, not "0 days before"', () => {
    const item = announced('2026-12-15T20:00:00+09:00');
    expect(leadTimeText('ja', item)).toBe('開始の当日に告知');
    expect(leadTimeText('en', item)).toBe('announced on the day of the start');
  });

  it('counts the days back from the start, so that it cannot be read as "announced 14 days ago"', () => {
    const item = announced('2026-12-02T02:00:00+09:00');
    expect(leadTimeText('ja', item)).toBe('開始の14日前に告知');
    expect(leadTimeText('en', item)).toBe('announced 14 days before the start');
    expect(leadTimeText('ja', announced('2026-11-02T02:00:00+09:00', 'termination'))).toBe(
      '提供終了の44日前（約1か月前）に告知',
    );
  });

  it('rounds "about N months": an hour short of six months is about 6 months, not 5', () => {
    const item = announced('2026-06-16T03:00:00+09:00');
    expect(item.lead.leadMonths).toBe(5);
    expect(leadTimeText('ja', item)).toBe('開始の182日前（約6か月前）に告知');
    expect(leadTimeText('en', item)).toBe('announced 182 days (about 6 months) before the start');
  });

  it('says a notice published after the event was announced afterwards', () => {
    expect(leadTimeText('ja', announced('2026-12-16T03:00:00+09:00'))).toBe('開始の後に告知');
  });
});

describe('the words of the service-level sheet', () => {
  it('calls the time a service is promised 計画サービス時間, as the sheet does, on every page', () => {
    const strays = Object.entries(CATALOGUES.ja).filter(([, text]) => /計画稼働時間/.test(text));
    expect(strays.map(([key]) => key)).toEqual([]);
    expect(t('ja', 'sl.definition')).toContain('計画サービス時間');
  });
});
