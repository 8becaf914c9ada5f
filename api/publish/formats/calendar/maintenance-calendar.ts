import ical, { escape as escapeIcal, ICalEventStatus, ICalEventTransparency } from 'ical-generator';
import { maintenanceStatus } from '../../../core/maintenance/status.ts';
import type { MaintenanceView } from '../../../core/maintenance/types.ts';
import type { Lang } from '../../../core/vocab.ts';
import { cleanText, singleLine } from './clean-text.ts';

export interface MaintenanceCalendarInput {
  maintenances: readonly MaintenanceView[];
  calendarName: string;
  /** The site's public base URL; each event links to `<url>/maintenance/<id>/`. */
  url: string;
  lang: Lang;
  now: Date;
}

const LABELS = {
  ja: { shortNotice: '短期予告の理由', cancelled: '中止の理由' },
  en: { shortNotice: 'Short notice', cancelled: 'Cancelled' },
} as const satisfies Record<Lang, Record<string, string>>;

function siteBase(url: string): URL {
  const base = new URL(url);
  if (base.protocol !== 'https:' && base.protocol !== 'http:')
    throw new RangeError(`Calendar url must be http(s): ${url}`);
  if (!base.pathname.endsWith('/')) base.pathname += '/';
  return base;
}

function description(m: MaintenanceView, lang: Lang, cancelled: boolean, pageUrl: string): string {
  const labels = LABELS[lang];
  const parts = [cleanText((lang === 'en' ? m.bodyEn : null) ?? m.body).trim()];
  if (m.shortNotice && m.shortNoticeReason) parts.push(`${labels.shortNotice}: ${singleLine(m.shortNoticeReason)}`);
  if (cancelled && m.overrides.cancelReason) parts.push(`${labels.cancelled}: ${singleLine(m.overrides.cancelReason)}`);
  parts.push(pageUrl);
  return parts.filter(Boolean).join('\n\n');
}

/**
 * The planned-maintenance calendar (iCalendar, RFC 5545) for subscription. Times are written in
 * UTC: a TZID would need a VTIMEZONE, and clients show UTC in their own zone anyway.
 * Deterministic for the same input — events sorted, DTSTAMP is the record's `updatedAt` (RFC 5545
 * §3.8.7.2: without METHOD, the time the information was last revised) — so an ETag is stable.
 */
export function buildMaintenanceCalendar(input: MaintenanceCalendarInput): string {
  const { lang, now } = input;
  const base = siteBase(input.url);
  const calendar = ical({
    prodId: { company: 'Shirase', product: 'Planned maintenance', language: lang.toUpperCase() },
    // ical-generator writes NAME and X-WR-CALNAME unescaped, unlike SUMMARY.
    name: escapeIcal(singleLine(input.calendarName), false),
    url: base.href,
    ttl: 60 * 60,
  });
  const sorted = [...input.maintenances].sort(
    (a, b) => a.scheduledFor.getTime() - b.scheduledFor.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
  for (const m of sorted) {
    const id = encodeURIComponent(m.id);
    const pageUrl = new URL(`maintenance/${id}/`, base).href;
    const cancelled = maintenanceStatus(m, now) === 'cancelled';
    calendar.createEvent({
      id: `${id}@shirase`,
      sequence: m.sequence,
      stamp: m.updatedAt,
      created: m.createdAt,
      lastModified: m.updatedAt,
      start: m.scheduledFor,
      end: m.overrides.extendedUntil ?? m.scheduledUntil,
      summary: singleLine((lang === 'en' ? m.titleEn : null) ?? m.title),
      description: description(m, lang, cancelled, pageUrl),
      url: pageUrl,
      status: cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
      // A subscribed status calendar must not mark the subscriber busy at 02:00.
      transparency: ICalEventTransparency.TRANSPARENT,
    });
  }
  return calendar.toString();
}
