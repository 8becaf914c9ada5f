import type { SupportDeskConfig, Weekday } from '@core/service-levels/index.ts';
import type { Lang } from '@core/vocab.ts';
import { t } from '../../i18n/index.ts';

const DAY_NAMES: Record<Lang, Record<Weekday, string>> = {
  ja: { mon: '月', tue: '火', wed: '水', thu: '木', fri: '金', sat: '土', sun: '日' },
  en: { mon: 'Mon', tue: 'Tue', wed: 'Wed', thu: 'Thu', fri: 'Fri', sat: 'Sat', sun: 'Sun' },
};
const WORKWEEK: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri'];

/** `09:00` → `9:00`, as people write opening hours. */
const clock = (hhmm: string) => hhmm.replace(/^0(\d)/, '$1');

/** The phone hours as a sentence: `平日 9:00〜12:00、13:00〜17:00（日本時間）`. */
export function deskHours(lang: Lang, config: SupportDeskConfig): string {
  const days = config.phone.days;
  const isWorkweek = days.length === WORKWEEK.length && WORKWEEK.every((d) => days.includes(d));
  const dayText = isWorkweek
    ? t(lang, 'sl.weekdays')
    : days.map((d) => DAY_NAMES[lang][d]).join(lang === 'ja' ? '・' : ', ');
  const hours = config.phone.hours
    .map((h) => t(lang, 'sl.desk.range', { from: clock(h.from), to: clock(h.to) }))
    .join(lang === 'ja' ? '、' : ', ');
  return t(lang, 'sl.desk.phoneHours', { days: dayText, hours });
}
