export { buildFeeds, type FeedCandidate, listedEntries, siteCandidates, siteEntries } from './build.ts';
export { entryKey, type FeedEntry } from './entry.ts';
export { FEED_ENTRY_LIMIT } from './render.ts';
export { stripXmlIllegal } from './text.ts';
export { FEED_CONTENT_TYPE, FEED_FORMATS, feedPath } from './urls.ts';
