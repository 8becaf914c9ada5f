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

/** `182日前（約6か月前）に告知` / `announced 182 days (about 6 months) ahead`. */
export function leadTimeText(lang: Lang, item: Pick<NoticeItem, 'lead'>): string {
  const days = daysText(lang, Math.max(0, item.lead.leadDays));
  return item.lead.leadMonths > 0
    ? t(lang, 'mt.leadTime.daysMonths', { days, months: monthsText(lang, item.lead.leadMonths) })
    : t(lang, 'mt.leadTime.days', { days });
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
