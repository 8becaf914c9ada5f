import { createHash } from 'node:crypto';
import {
  buildFeeds,
  entryKey,
  FEED_CONTENT_TYPE,
  FEED_FORMATS,
  type FeedEntry,
  feedPath,
  listedEntries,
  siteCandidates,
} from '../formats/feeds/index.ts';
import type { SiteModel } from '../../core/model.ts';
import { LANGS, type Lang } from '../../core/vocab.ts';
import type { FeedSite } from '../formats/feeds/urls.ts';
import type { FileInput } from '../store.ts';
import type { DocumentBuilder } from './index.ts';
import { feedSite } from './site-identity.ts';

type FeedFormat = (typeof FEED_FORMATS)[number];

/**
 * Each feed's last bytes, by path, with a hash of what they were made from. A write changes the
 * feeds that list what it changed (an incident: the site's and its components'), and the other
 * feeds of a long history would otherwise be rendered again, entry by entry, at every publish.
 */
let lastBuilt = new Map<string, { input: string; bodies: Record<FeedFormat, Buffer> }>();

/**
 * RSS 2.0, Atom 1.0 and JSON Feed 1.1 of incidents, maintenance and notices, in Japanese and
 * English: one set for the whole site and one per component (at the paths of `feedPath`).
 */
export const feedDocuments: DocumentBuilder = ({ model, siteUrl }) => {
  const site = feedSite(siteUrl);
  const built: typeof lastBuilt = new Map();
  const files: FileInput[] = [];
  for (const lang of LANGS) {
    const candidates = siteCandidates(model, site, lang);
    for (const componentId of [undefined, ...model.components.map((c) => c.id)]) {
      const key = feedPath(lang, 'rss', componentId);
      const entries = listedEntries(candidates, componentId);
      const input = inputOf(model, site, lang, componentId, entries);
      const kept = lastBuilt.get(key);
      let bodies = kept?.input === input ? kept.bodies : undefined;
      if (!bodies) {
        const feeds = buildFeeds({ model, site, lang, componentId, entries });
        bodies = { rss: Buffer.from(feeds.rss), atom: Buffer.from(feeds.atom), json: Buffer.from(feeds.json) };
      }
      built.set(key, { input, bodies });
      for (const format of FEED_FORMATS)
        files.push({
          path: decodeURI(feedPath(lang, format, componentId)),
          contentType: FEED_CONTENT_TYPE[format],
          body: bodies[format],
        });
    }
  }
  // Only the feeds of this model: a deleted component's are not kept.
  lastBuilt = built;
  return files;
};

/** A hash of everything `buildFeeds` makes a feed from, with the entries it lists. */
function inputOf(
  model: SiteModel,
  site: FeedSite,
  lang: Lang,
  componentId: string | undefined,
  entries: readonly FeedEntry[],
): string {
  const component = componentId === undefined ? null : model.components.find((c) => c.id === componentId);
  const hash = createHash('sha256').update(
    JSON.stringify([site, lang, componentId ?? null, component ?? model.updatedAt]),
  );
  for (const entry of entries) hash.update(`\n${entryKey(entry)}`);
  return hash.digest('base64url');
}
