export { buildFeeds, type BuildFeedsInput } from './build.ts';
export { compareEntries, type FeedEntry, type FeedSection } from './entry.ts';
export { incidentEntries, incidentEntry } from './incident-entries.ts';
export { formatJst, INCIDENT_STATUS_LABEL } from './labels.ts';
export { FEED_ENTRY_LIMIT, renderFeeds, type FeedDocument, type RenderedFeeds } from './render.ts';
export { stripXmlIllegal } from './text.ts';
export { feedLinks, incidentUrl, pageUrl, type FeedLinks, type FeedSite } from './urls.ts';
export { maintenanceAndNoticeEntries, maintenanceEntry, noticeEntry } from './maintenance-entries.ts';
export { FEED_CONTENT_TYPE, FEED_FORMATS, feedPath, maintenanceUrl, noticeUrl, type FeedFormat } from './urls.ts';
