import { buildMaintenanceCalendar } from '../formats/calendar/index.ts';
import { LANGS, type Lang } from '../../core/vocab.ts';
import { pick, t } from '../../../site/i18n/index.ts';
import type { FileInput } from '../store.ts';
import type { DocumentBuilder } from './index.ts';

export const CALENDAR_CONTENT_TYPE = 'text/calendar; charset=utf-8';

/** Stable subscription URLs: `/calendars/maintenance.ics`, `/calendars/components/<id>.ics`, and the same under `/en`. */
export function calendarPath(lang: Lang, componentId?: string): string {
  const prefix = lang === 'ja' ? '' : '/en';
  return componentId ? `${prefix}/calendars/components/${componentId}.ics` : `${prefix}/calendars/maintenance.ics`;
}

/**
 * The planned-maintenance calendars (RFC 5545), all of them and one per component, in Japanese
 * and English; events link to the page in the calendar's language. Cancelled windows stay in, as
 * STATUS:CANCELLED, so that subscribers' copies are withdrawn rather than left behind.
 */
export const calendarDocuments: DocumentBuilder = ({ model, siteUrl, now }) => {
  const files: FileInput[] = [];
  for (const lang of LANGS) {
    const url = lang === 'ja' ? siteUrl : `${siteUrl}/en`;
    const calendars = [
      { path: calendarPath(lang), name: t(lang, 'mt.calendar.name'), maintenances: model.maintenances },
      ...model.components.map((c) => ({
        path: calendarPath(lang, c.id),
        name: t(lang, 'mt.calendar.componentName', { name: pick(lang, c.name, c.nameEn) }),
        maintenances: model.maintenances.filter((m) => m.componentIds.includes(c.id)),
      })),
    ];
    for (const c of calendars) {
      const body = buildMaintenanceCalendar({ maintenances: c.maintenances, calendarName: c.name, url, lang, now });
      files.push({ path: c.path, contentType: CALENDAR_CONTENT_TYPE, body: Buffer.from(body) });
    }
  }
  return files;
};
