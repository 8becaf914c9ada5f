import { coversCatalogue, inCatalogueOrder } from '../../core/catalogue-order.ts';
import type { ComponentView } from '../../core/model.ts';
import type { Lang } from '../../core/vocab.ts';
import { feedSite } from '../../publish/documents/site-identity.ts';
import { type FeedSite, incidentUrl, maintenanceUrl, noticeUrl, pageUrl } from '../../publish/formats/feeds/urls.ts';
import { formatTime, pick, t, untranslated } from '../../../site/i18n/index.ts';
import type { NotificationContext, NotificationEvent, NotificationSubject } from '../events.ts';

/** A text from a record, with the language it is actually in (an English reader may get the Japanese original). */
export interface RecordText {
  text: string;
  lang: Lang;
}

/** What a message says, before it is written as plain text and as HTML (render.ts): both say the same. */
export interface MailContent {
  lang: Lang;
  subject: string;
  lead: string;
  title: RecordText;
  facts: { label: string; value: string }[];
  /** Markdown from the record (an update's text, a maintenance or notice body), if the event has one. */
  body: RecordText | null;
  /** Said to an operator: what to do now. */
  action: string | null;
  link: { label: string; url: string };
}

function recordText(lang: Lang, ja: string, en: string | null | undefined): RecordText {
  return { text: pick(lang, ja, en), lang: untranslated(lang, en) ? 'ja' : lang };
}

function window(lang: Lang, start: Date, end: Date): string {
  return t(lang, 'notify.window', { start: formatTime(lang, start), end: formatTime(lang, end) });
}

/**
 * `ids` as names in `lang`, in the order the status page lists them (as its pages and feeds name
 * them); none, or every one, is "all services". An id no longer in the catalogue shows as itself.
 */
function componentNames(lang: Lang, ids: readonly string[], catalogue: readonly ComponentView[]): string {
  if (ids.length === 0 || coversCatalogue(catalogue, ids)) return t(lang, 'notify.label.allComponents');
  const names = new Map(catalogue.map((c) => [c.id, pick(lang, c.name, c.nameEn)]));
  return inCatalogueOrder(catalogue, ids)
    .map((id) => names.get(id) ?? id)
    .join(t(lang, 'notify.listSeparator'));
}

/** A reminder's lead time in the largest whole unit: 10080 minutes is "7 days", 90 is "90 minutes". */
export function leadTime(lang: Lang, minutes: number): string {
  const [n, unit]: [number, 'day' | 'hour' | 'minute'] =
    minutes % 1440 === 0 ? [minutes / 1440, 'day'] : minutes % 60 === 0 ? [minutes / 60, 'hour'] : [minutes, 'minute'];
  return t(lang, n === 1 ? `notify.duration.${unit}` : `notify.duration.${unit}s`, { n });
}

/** What one subject type contributes: its record's title, text and page, its facts, and the words the sentences need. */
interface SubjectWords {
  title: RecordText;
  body: RecordText | null;
  url: string;
  facts: MailContent['facts'];
  /** Fills the subject's and the opening's placeholders (`title` and `site` are added for every kind). */
  vars: Record<string, string>;
  action?: string;
  /** The reminder sent at the start itself: "starts in 0 minutes" would read oddly. */
  startingNow?: boolean;
}

type Subject<T extends NotificationSubject['type']> = Extract<NotificationSubject, { type: T }>;

interface Reader {
  lang: Lang;
  site: FeedSite;
  components: string;
}

function incidentWords(
  event: NotificationEvent,
  s: Subject<'incident'>,
  { lang, site, components }: Reader,
): SubjectWords {
  const status = s.update?.status ?? s.incident.status;
  const words: SubjectWords = {
    title: recordText(lang, s.incident.name, s.incident.nameEn),
    body: s.update ? recordText(lang, s.update.body, s.update.bodyEn) : null,
    url: incidentUrl(site, s.incident.id, lang),
    facts: [
      { label: t(lang, 'notify.label.status'), value: t(lang, `incident.${status}`) },
      { label: t(lang, 'notify.label.impact'), value: t(lang, `impact.${s.incident.impact}`) },
      { label: t(lang, 'notify.label.components'), value: components },
    ],
    vars: {},
  };
  if (s.update)
    words.facts.push({ label: t(lang, 'notify.label.posted'), value: formatTime(lang, s.update.displayAt) });
  if (event.kind === 'incident.update_overdue') {
    words.vars.due = formatTime(lang, s.dueAt ?? s.incident.nextUpdateAt ?? event.occurredAt);
    words.facts.push({ label: t(lang, 'notify.label.due'), value: words.vars.due });
    words.action = t(lang, 'notify.operator.action');
  }
  return words;
}

function maintenanceWords(
  event: NotificationEvent,
  s: Subject<'maintenance'>,
  { lang, site, components }: Reader,
): SubjectWords {
  const m = s.maintenance;
  const facts = [
    {
      label: t(lang, 'notify.label.window'),
      value: window(lang, m.scheduledFor, m.overrides.extendedUntil ?? m.scheduledUntil),
    },
  ];
  if (s.previous)
    facts.push({
      label: t(lang, 'notify.label.previousWindow'),
      value: window(lang, s.previous.scheduledFor, s.previous.scheduledUntil),
    });
  facts.push({ label: t(lang, 'notify.label.components'), value: components });
  if (event.kind === 'maintenance.cancelled' && m.overrides.cancelReason)
    facts.push({ label: t(lang, 'notify.label.cancelReason'), value: m.overrides.cancelReason });
  const reminder = event.kind === 'maintenance.reminder';
  return {
    title: recordText(lang, m.title, m.titleEn),
    body: recordText(lang, m.body, m.bodyEn),
    url: maintenanceUrl(site, m.id, lang),
    facts,
    vars: reminder ? { lead: leadTime(lang, s.reminderMinutes ?? 0) } : {},
    startingNow: reminder && !s.reminderMinutes,
  };
}

function noticeWords(event: NotificationEvent, s: Subject<'notice'>, { lang, site, components }: Reader): SubjectWords {
  const n = s.notice;
  const vars: Record<string, string> = { noticeKind: t(lang, `notify.noticeKind.${n.kind}`) };
  if (event.kind === 'notice.reminder') vars.lead = leadTime(lang, s.reminderMinutes ?? 0);
  return {
    title: recordText(lang, n.title, n.titleEn),
    body: recordText(lang, n.body, n.bodyEn),
    url: noticeUrl(site, n.id, lang),
    facts: [
      { label: t(lang, 'notify.label.effective'), value: formatTime(lang, n.effectiveAt) },
      { label: t(lang, 'notify.label.components'), value: components },
    ],
    vars,
  };
}

/** A component has no page of its own: the home page, which lists it, is where to look. */
function componentWords(s: Subject<'component'>, { lang, site }: Reader): SubjectWords {
  const title = recordText(lang, s.component.name, s.component.nameEn);
  const status = t(lang, `status.${s.newStatus}`);
  return {
    title,
    body: null,
    url: pageUrl(site, '/', lang),
    facts: [{ label: t(lang, 'notify.label.status'), value: status }],
    vars: { component: title.text, old: t(lang, `status.${s.oldStatus}`), new: status, status },
  };
}

/** The words of one event for one reader in `lang`: every NotificationKind has its subject and opening. */
export function mailContent(event: NotificationEvent, context: NotificationContext, lang: Lang): MailContent {
  const reader: Reader = {
    lang,
    site: feedSite(context.settings.siteUrl),
    components: componentNames(lang, event.componentIds, context.components),
  };
  const s = event.subject;
  const words =
    s.type === 'incident'
      ? incidentWords(event, s, reader)
      : s.type === 'maintenance'
        ? maintenanceWords(event, s, reader)
        : s.type === 'notice'
          ? noticeWords(event, s, reader)
          : componentWords(s, reader);
  const vars = { ...words.vars, site: t(lang, 'site.name'), title: words.title.text };
  return {
    lang,
    subject: t(lang, `notify.subject.${event.kind}`, vars),
    lead: words.startingNow
      ? t(lang, 'notify.lead.maintenance.reminderNow')
      : t(lang, `notify.lead.${event.kind}`, vars),
    title: words.title,
    facts: words.facts,
    body: words.body,
    action: words.action ?? null,
    link: { label: t(lang, 'notify.label.details'), url: words.url },
  };
}
