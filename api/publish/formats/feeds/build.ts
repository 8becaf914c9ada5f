import { NotFoundError } from '../../../core/errors.ts';
import type { IncidentView, SiteModel } from '../../../core/model.ts';
import type { Lang } from '../../../core/vocab.ts';
import { compareEntries, type EntryOrder, type FeedEntry } from './entry.ts';
import { incidentEntries, incidentEntry, incidentEntryUpdated } from './incident-entries.ts';
import { feedDescription, feedTitle } from './labels.ts';
import { maintenanceAndNoticeEntries } from './maintenance-entries.ts';
import { FEED_ENTRY_LIMIT, renderFeeds, type RenderedFeeds } from './render.ts';
import { feedLinks, incidentUrl, type FeedSite } from './urls.ts';

export interface BuildFeedsInput {
  model: SiteModel;
  site: FeedSite;
  lang: Lang;
  /** One component's feed; the whole site's when absent. */
  componentId?: string;
  /**
   * The entries to choose from, when the caller builds many feeds from the same model: every entry
   * of the site in `lang` (`siteEntries`), or at least those the feed lists (`listedEntries`); made
   * from the model when absent. A component's feed keeps those naming it.
   */
  entries?: readonly FeedEntry[];
}

/** Every incident, maintenance and notice of the model as a feed entry in `lang`. */
export function siteEntries(model: SiteModel, site: FeedSite, lang: Lang): FeedEntry[] {
  return [...incidentEntries(model, site, lang), ...maintenanceAndNoticeEntries(model, site, lang)];
}

/** An entry of the site placed in feed order, built only when a feed lists it. */
export interface FeedCandidate extends EntryOrder {
  componentIds: readonly string[];
  entry: () => FeedEntry;
}

interface KeptCandidate extends FeedCandidate {
  built?: FeedEntry;
}

/**
 * Each incident's candidate (its order and, once a feed listed it, its entry) by what else its
 * entry depends on, kept while the incident's view lives: a model after a write shares its
 * unchanged views, so a publish neither places 4,000 incidents again nor rebuilds the entries the
 * feeds list (whose keys, entry.ts, are then known too).
 */
const incidentCandidates = new WeakMap<IncidentView, Map<string, KeptCandidate>>();

/**
 * Every entry of the site in `lang` (as `siteEntries`), in feed order: a feed lists only its
 * `FEED_ENTRY_LIMIT` latest, so of years of incidents only the few the feeds list are built.
 */
export function siteCandidates(model: SiteModel, site: FeedSite, lang: Lang): FeedCandidate[] {
  const components = new Map(model.components.map((c) => [c.id, c]));
  // What an incident's entry says besides the incident: the site, the language, and the names and
  // order of the components (its "affected components" section).
  const context = JSON.stringify([site, lang, model.components.map((c) => [c.id, c.name, c.nameEn])]);
  const candidates: FeedCandidate[] = model.incidents.map((incident) => {
    let kept = incidentCandidates.get(incident)?.get(context);
    if (!kept) {
      const made: KeptCandidate = {
        id: incidentUrl(site, incident.id, lang),
        updated: incidentEntryUpdated(incident),
        published: incident.createdAt,
        componentIds: incident.componentIds,
        entry: () => (made.built ??= incidentEntry(incident, site, lang, components)),
      };
      kept = made;
      const byContext = incidentCandidates.get(incident) ?? new Map<string, KeptCandidate>();
      // Both languages, and one context more when the components changed, not every past one.
      if (byContext.size >= 4) byContext.clear();
      byContext.set(context, made);
      incidentCandidates.set(incident, byContext);
    }
    return kept;
  });
  for (const entry of maintenanceAndNoticeEntries(model, site, lang)) candidates.push({ ...entry, entry: () => entry });
  return candidates.sort(compareEntries);
}

/** The entries the site's feed (or a component's) lists, from `siteCandidates`: its latest, newest first. */
export function listedEntries(candidates: readonly FeedCandidate[], componentId?: string): FeedEntry[] {
  const listed: FeedEntry[] = [];
  for (const c of candidates) {
    if (listed.length === FEED_ENTRY_LIMIT) break;
    if (componentId === undefined || c.componentIds.includes(componentId)) listed.push(c.entry());
  }
  return listed;
}

/** The site's (or one component's) feeds in one language. */
export function buildFeeds({ model, site, lang, componentId, entries: all }: BuildFeedsInput): RenderedFeeds {
  const siteName = lang === 'en' && site.nameEn ? site.nameEn : site.name;
  let entries = all ?? siteEntries(model, site, lang);
  let componentName: string | undefined;
  let updatedWhenEmpty = model.updatedAt;
  if (componentId !== undefined) {
    const component = model.components.find((c) => c.id === componentId);
    if (!component) throw new NotFoundError('component', componentId);
    componentName = lang === 'en' && component.nameEn ? component.nameEn : component.name;
    entries = entries.filter((e) => e.componentIds.includes(componentId));
    updatedWhenEmpty = component.updatedAt;
  }
  return renderFeeds({
    lang,
    title: feedTitle(siteName, lang, componentName),
    description: feedDescription(siteName, lang, componentName),
    author: siteName,
    links: feedLinks(site, lang, componentId),
    entries,
    updatedWhenEmpty,
  });
}
