import { coversCatalogue, inCatalogueOrder } from '../../../core/catalogue-order.ts';
import type { ComponentView, IncidentView, SiteModel } from '../../../core/model.ts';
import type { Lang } from '../../../core/vocab.ts';
import type { FeedEntry, FeedSection } from './entry.ts';
import {
  AFFECTED_COMPONENTS_LABEL,
  ALL_SERVICES_LABEL,
  EDITED_LABEL,
  INCIDENT_STATUS_LABEL,
  LIST_SEPARATOR,
} from './labels.ts';
import { incidentUrl, type FeedSite } from './urls.ts';

/** English text where there is a translation, the Japanese original where there is none. */
export function pick(ja: string, en: string | null, lang: Lang): string {
  return lang === 'en' && en !== null && en.trim() !== '' ? en : ja;
}

/**
 * "Affected components: A, B" as a last section, when the entry names any component still in the
 * model; "All services" when it names every one, as the pages say.
 */
export function affectedSection(
  componentIds: readonly string[],
  components: ReadonlyMap<string, ComponentView>,
  lang: Lang,
): FeedSection[] {
  const catalogue = [...components.values()];
  if (coversCatalogue(catalogue, componentIds))
    return [{ heading: AFFECTED_COMPONENTS_LABEL[lang], at: null, text: ALL_SERVICES_LABEL[lang] }];
  const names = inCatalogueOrder(catalogue, componentIds).flatMap((id) => {
    const c = components.get(id);
    return c ? [pick(c.name, c.nameEn, lang)] : [];
  });
  return names.length > 0
    ? [{ heading: AFFECTED_COMPONENTS_LABEL[lang], at: null, text: names.join(LIST_SEPARATOR[lang]) }]
    : [];
}

/**
 * One entry per incident: its permanent page is the entry (id and link), every update is a
 * section, newest first, and the entry counts as updated when its latest update was posted.
 * Ids differ by language because the two entries carry different text.
 */
export function incidentEntry(
  incident: IncidentView,
  site: FeedSite,
  lang: Lang,
  components: ReadonlyMap<string, ComponentView>,
): FeedEntry {
  const url = incidentUrl(site, incident.id, lang);
  return {
    id: url,
    url,
    title: pick(incident.name, incident.nameEn, lang),
    published: incident.createdAt,
    updated: incidentEntryUpdated(incident),
    sections: [
      ...incident.updates.map((u) => ({
        heading: u.editedAt
          ? `${INCIDENT_STATUS_LABEL[lang][u.status]}${EDITED_LABEL[lang]}`
          : INCIDENT_STATUS_LABEL[lang][u.status],
        at: u.displayAt,
        text: pick(u.body, u.bodyEn, lang),
        markdown: true,
      })),
      ...affectedSection(incident.componentIds, components, lang),
    ],
    componentIds: [...incident.componentIds],
  };
}

/**
 * When an incident's entry last changed. A correction is news to a reader too: an update's text,
 * or the incident's own record (its title, components or impact; `updatedAt` moves only when one
 * of them or a post changes).
 */
export function incidentEntryUpdated(incident: IncidentView): Date {
  return new Date(
    Math.max(
      (incident.updates[0] ?? incident).createdAt.getTime(),
      incident.updatedAt.getTime(),
      ...incident.updates.map((u) => u.editedAt?.getTime() ?? 0),
    ),
  );
}

export function incidentEntries(model: SiteModel, site: FeedSite, lang: Lang): FeedEntry[] {
  const components = new Map(model.components.map((c) => [c.id, c]));
  return model.incidents.map((i) => incidentEntry(i, site, lang, components));
}
