import type { FeedSite } from '../formats/feeds/urls.ts';
import type { StatuspagePage } from '../formats/statuspage/shapes.ts';
import { t } from '../../../site/i18n/index.ts';

/**
 * Statuspage gives every page an opaque id; a Shirase site has one page, so its id is fixed.
 * Changing it would make every `page_id` in /api/v2 change under clients that store it.
 */
export const STATUSPAGE_PAGE_ID = 'shirase';

/** The site's names come from the same catalogue as the pages, so a feed and a page never disagree. */
export function feedSite(siteUrl: string): FeedSite {
  return { url: siteUrl, name: t('ja', 'site.name'), nameEn: t('en', 'site.name') };
}

/** Statuspage clients match on a single page name: the primary (Japanese) one. */
export function statuspagePage(siteUrl: string): StatuspagePage {
  return { id: STATUSPAGE_PAGE_ID, name: t('ja', 'site.name'), url: siteUrl };
}
