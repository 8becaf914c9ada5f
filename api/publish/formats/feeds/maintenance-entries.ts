import type { MaintenanceView, NoticeView } from '../../../core/maintenance/types.ts';
import type { ComponentView, SiteModel } from '../../../core/model.ts';
import type { Lang } from '../../../core/vocab.ts';
import type { FeedEntry, FeedSection } from './entry.ts';
import { affectedSection, pick } from './incident-entries.ts';
import { formatJst } from './labels.ts';
import { MAINTENANCE_LABEL, MAINTENANCE_STATUS_LABEL, NOTICE_KIND_LABEL, prefixed } from './maintenance-labels.ts';
import { maintenanceUrl, noticeUrl, type FeedSite } from './urls.ts';

const latest = (...dates: Date[]) => new Date(Math.max(...dates.map((d) => d.getTime())));

function windowText(m: MaintenanceView, lang: Lang): string {
  const end = m.overrides.extendedUntil ?? m.scheduledUntil;
  return `${formatJst(m.scheduledFor, lang)}${MAINTENANCE_LABEL[lang].until}${formatJst(end, lang)}`;
}

/**
 * One entry per maintenance, at its permanent page: a cancellation first, then the posted
 * updates (newest first), the window, the announcement and any short-notice reason. The entry counts as updated when
 * the record changed or an update was posted. Nothing here depends on the clock: a window
 * opening or closing adds no words, so it neither changes the bytes nor re-surfaces the entry.
 * Cancelled maintenance stays in the feed, saying so.
 */
export function maintenanceEntry(
  m: MaintenanceView,
  site: FeedSite,
  lang: Lang,
  components: ReadonlyMap<string, ComponentView>,
): FeedEntry {
  const url = maintenanceUrl(site, m.id, lang);
  const labels = MAINTENANCE_LABEL[lang];
  const cancelledAt = m.overrides.cancelledAt;
  const sections: FeedSection[] = [
    ...(cancelledAt
      ? [{ heading: MAINTENANCE_STATUS_LABEL[lang].cancelled, at: cancelledAt, text: m.overrides.cancelReason ?? '' }]
      : []),
    ...m.updates.map((u) => ({
      heading: MAINTENANCE_STATUS_LABEL[lang][u.status],
      at: u.displayAt,
      text: pick(u.body, u.bodyEn, lang),
      markdown: true,
    })),
    { heading: labels.window, at: null, text: windowText(m, lang) },
    { heading: labels.announcement, at: m.announcedAt, text: pick(m.body, m.bodyEn, lang), markdown: true },
    ...(m.shortNotice && m.shortNoticeReason
      ? [{ heading: labels.shortNotice, at: null, text: m.shortNoticeReason }]
      : []),
    ...affectedSection(m.componentIds, components, lang),
  ];
  return {
    id: url,
    url,
    title: prefixed(labels.title, pick(m.title, m.titleEn, lang), lang),
    published: m.createdAt,
    updated: latest(m.updatedAt, ...m.updates.map((u) => u.createdAt), ...(cancelledAt ? [cancelledAt] : [])),
    sections,
    componentIds: [...m.componentIds],
  };
}

/** One entry per notice (maintenance, termination, change), at its permanent page. */
export function noticeEntry(
  n: NoticeView,
  site: FeedSite,
  lang: Lang,
  components: ReadonlyMap<string, ComponentView>,
): FeedEntry {
  const url = noticeUrl(site, n.id, lang);
  const labels = MAINTENANCE_LABEL[lang];
  return {
    id: url,
    url,
    title: prefixed(NOTICE_KIND_LABEL[lang][n.kind], pick(n.title, n.titleEn, lang), lang),
    published: n.createdAt,
    updated: latest(n.createdAt, n.updatedAt),
    sections: [
      // Said first: a reader must not act on a notice that no longer stands.
      ...(n.withdrawnAt ? [{ heading: labels.withdrawn, at: n.withdrawnAt, text: n.withdrawReason ?? '' }] : []),
      { heading: labels.effectiveAt, at: null, text: formatJst(n.effectiveAt, lang) },
      { heading: labels.announcement, at: n.announcedAt, text: pick(n.body, n.bodyEn, lang), markdown: true },
      ...(n.shortNotice && n.shortNoticeReason
        ? [{ heading: labels.shortNotice, at: null, text: n.shortNoticeReason }]
        : []),
      ...affectedSection(n.componentIds, components, lang),
    ],
    componentIds: [...n.componentIds],
  };
}

/** Entries for every maintenance and notice of the model, in `lang`. */
export function maintenanceAndNoticeEntries(model: SiteModel, site: FeedSite, lang: Lang): FeedEntry[] {
  const components = new Map(model.components.map((c) => [c.id, c]));
  return [
    ...model.maintenances.map((m) => maintenanceEntry(m, site, lang, components)),
    ...model.notices.map((n) => noticeEntry(n, site, lang, components)),
  ];
}
