import { LIST_SEPARATOR } from '@publish/formats/feeds/labels.ts';
import { coversCatalogue, inCatalogueOrder } from '@core/catalogue-order.ts';
import type { SiteModel } from '@core/model.ts';
import type { NoticeItem } from '@core/queries/maintenance-listing.ts';
import { toLocalDate } from '@core/time.ts';
import type { Lang } from '@core/vocab.ts';
import { pick, t } from '../i18n/index.ts';

const DATE_TIME: Record<Lang, Intl.DateTimeFormat> = {
  ja: new Intl.DateTimeFormat('ja-JP', {
    timeZone: 'Asia/Tokyo',
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }),
  en: new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Asia/Tokyo',
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }),
};
const TIME: Record<Lang, Intl.DateTimeFormat> = {
  ja: new Intl.DateTimeFormat('ja-JP', {
    timeZone: 'Asia/Tokyo',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }),
  en: new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Asia/Tokyo',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }),
};

/** A window as people read it, in JST and labelled: `2026年12月16日(水) 02:00〜04:00 日本時間`; the end's date only when it differs. */
export function formatWindow(lang: Lang, start: Date, end: Date): string {
  const sameDay = toLocalDate(start) === toLocalDate(end);
  const dash = lang === 'ja' ? '〜' : '–';
  return `${DATE_TIME[lang].format(start)}${dash}${(sameDay ? TIME : DATE_TIME)[lang].format(end)} ${t(lang, 'time.label')}`;
}

/** `6か月` / `6 months`, `1 month`. */
export function monthsText(lang: Lang, n: number): string {
  return t(lang, n === 1 ? 'mt.unit.month' : 'mt.unit.months', { n });
}

function daysText(lang: Lang, n: number): string {
  return t(lang, n === 1 ? 'mt.unit.day' : 'mt.unit.days', { n });
}

/** The average Gregorian month (365.2425 ÷ 12 days), for a rounded "about N months". */
const AVERAGE_MONTH_DAYS = 30.436875;

/**
 * `開始の182日前（約6か月前）に告知` / `announced 182 days (about 6 months) before the start`;
 * `開始の当日に告知` on the day itself. "About" rounds: 182 days, an hour short of six calendar
 * months, is about 6 months, though only 5 whole ones (the policy check counts whole months).
 */
export function leadTimeText(lang: Lang, item: Pick<NoticeItem, 'lead'>): string {
  const { leadDays, leadMonths, kind } = item.lead;
  const event = t(lang, `mt.leadTime.event.${kind}`);
  if (leadDays < 0) return t(lang, 'mt.leadTime.after', { event });
  if (leadDays === 0) return t(lang, 'mt.leadTime.sameDay', { event });
  const days = daysText(lang, leadDays);
  if (leadMonths === 0) return t(lang, 'mt.leadTime.days', { event, days });
  const months = Math.max(leadMonths, Math.round(leadDays / AVERAGE_MONTH_DAYS));
  return t(lang, 'mt.leadTime.daysMonths', { event, days, months: monthsText(lang, months) });
}

/** `基準: 6か月前までに告知` / `policy: at least 6 months ahead`. */
export function requiredText(lang: Lang, months: number): string {
  return t(lang, 'mt.leadTime.required', { months: monthsText(lang, months) });
}

/**
 * The named components in `lang`, as one list in catalogue order: `請求書、契約書` / `Invoices,
 * Contracts`, or `すべてのサービス` / `All services` when every one is named; an unknown id shows as itself.
 */
export function componentList(lang: Lang, components: SiteModel['components'], ids: readonly string[]): string {
  if (coversCatalogue(components, ids)) return t(lang, 'mt.components.all');
  const names = new Map(components.map((c) => [c.id, pick(lang, c.name, c.nameEn)]));
  return inCatalogueOrder(components, ids)
    .map((id) => names.get(id) ?? id)
    .join(LIST_SEPARATOR[lang]);
}
