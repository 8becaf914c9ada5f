import type { Lang } from '../../../core/vocab.ts';

/** The site a feed belongs to. `url` is its canonical origin root, from configuration, never from a request. */
export interface FeedSite {
  url: string;
  name: string;
  nameEn?: string | null;
}

export interface FeedLinks {
  /** The HTML page the feed mirrors (alternate). */
  page: string;
  rss: string;
  atom: string;
  json: string;
}

export const FEED_FORMATS = ['rss', 'atom', 'json'] as const;
export type FeedFormat = (typeof FEED_FORMATS)[number];

/** Each format's name as readers know it, for links and `<link rel="alternate">` titles. */
export const FEED_FORMAT_NAME = { rss: 'RSS', atom: 'Atom', json: 'JSON Feed' } as const satisfies Record<
  FeedFormat,
  string
>;

/** Each format's registered media type; feeds are always UTF-8. */
export const FEED_CONTENT_TYPE = {
  rss: 'application/rss+xml; charset=utf-8',
  atom: 'application/atom+xml; charset=utf-8',
  json: 'application/feed+json; charset=utf-8',
} as const satisfies Record<FeedFormat, string>;

function base(site: FeedSite): string {
  return site.url.replace(/\/+$/, '');
}

const langPrefix = (lang: Lang) => (lang === 'en' ? '/en' : '');

/** Japanese pages live at the root; English ones under `/en`. `path` starts with `/`. */
export function pageUrl(site: FeedSite, path: string, lang: Lang): string {
  return `${base(site)}${langPrefix(lang)}${path}`;
}

/** Page URLs end in `/`, as the pages are published: a link never costs a redirect. */
export function incidentUrl(site: FeedSite, incidentId: string, lang: Lang): string {
  return pageUrl(site, `/incidents/${encodeURIComponent(incidentId)}/`, lang);
}

export function maintenanceUrl(site: FeedSite, maintenanceId: string, lang: Lang): string {
  return pageUrl(site, `/maintenance/${encodeURIComponent(maintenanceId)}/`, lang);
}

export function noticeUrl(site: FeedSite, noticeId: string, lang: Lang): string {
  return pageUrl(site, `/notices/${encodeURIComponent(noticeId)}/`, lang);
}

/**
 * Where a feed is published: `/history.{rss,atom,json}` for the whole site and
 * `/components/{id}/history.{rss,atom,json}` for one component, under `/en` in English.
 * The publisher and the pages' `<link rel="alternate">` both use this, so self links never drift.
 */
export function feedPath(lang: Lang, format: FeedFormat, componentId?: string): string {
  const dir = componentId === undefined ? '' : `/components/${encodeURIComponent(componentId)}`;
  return `${langPrefix(lang)}${dir}/history.${format}`;
}

/**
 * A component has no page of its own: its feed mirrors the home page, which lists it.
 */
export function feedLinks(site: FeedSite, lang: Lang, componentId?: string): FeedLinks {
  const url = (format: FeedFormat) => `${base(site)}${feedPath(lang, format, componentId)}`;
  return { page: pageUrl(site, '/', lang), rss: url('rss'), atom: url('atom'), json: url('json') };
}
