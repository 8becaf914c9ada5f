import { NotFoundError } from '../../../core/errors.ts';
import type { SiteModel } from '../../../core/model.ts';
import type { Lang } from '../../../core/vocab.ts';
import type { FeedEntry } from './entry.ts';
import { incidentEntries } from './incident-entries.ts';
import { feedDescription, feedTitle } from './labels.ts';
import { maintenanceAndNoticeEntries } from './maintenance-entries.ts';
import { renderFeeds, type RenderedFeeds } from './render.ts';
import { feedLinks, type FeedSite } from './urls.ts';

export interface BuildFeedsInput {
  model: SiteModel;
  site: FeedSite;
  lang: Lang;
  /** One component's feed; the whole site's when absent. */
  componentId?: string;
  /**
   * Every entry of the site in `lang` (`siteEntries`), when the caller builds many feeds from the
   * same model and makes them once; made from the model when absent. A component's feed keeps those naming it.
   */
  entries?: readonly FeedEntry[];
}

/** Every incident, maintenance and notice of the model as a feed entry in `lang`. */
export function siteEntries(model: SiteModel, site: FeedSite, lang: Lang): FeedEntry[] {
  return [...incidentEntries(model, site, lang), ...maintenanceAndNoticeEntries(model, site, lang)];
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
