import { buildFeeds, FEED_CONTENT_TYPE, FEED_FORMATS, feedPath, siteEntries } from '../formats/feeds/index.ts';
import { LANGS } from '../../core/vocab.ts';
import type { FileInput } from '../store.ts';
import type { DocumentBuilder } from './index.ts';
import { feedSite } from './site-identity.ts';

/**
 * RSS 2.0, Atom 1.0 and JSON Feed 1.1 of incidents, maintenance and notices, in Japanese and
 * English: one set for the whole site and one per component (at the paths of `feedPath`).
 */
export const feedDocuments: DocumentBuilder = ({ model, siteUrl }) => {
  const site = feedSite(siteUrl);
  const files: FileInput[] = [];
  for (const lang of LANGS) {
    const entries = siteEntries(model, site, lang);
    for (const componentId of [undefined, ...model.components.map((c) => c.id)]) {
      const feeds = buildFeeds({ model, site, lang, componentId, entries });
      for (const format of FEED_FORMATS)
        files.push({
          path: decodeURI(feedPath(lang, format, componentId)),
          contentType: FEED_CONTENT_TYPE[format],
          body: Buffer.from(feeds[format]),
        });
    }
  }
  return files;
};
