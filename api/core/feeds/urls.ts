import type { Lang } from '../vocab.ts';

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

function base(site: FeedSite): string {
  return site.url.replace(/\/+$/, '');
}

/** Japanese pages live at the root; English ones under `/en`. `path` starts with `/`. */
export function pageUrl(site: FeedSite, path: string, lang: Lang): string {
  return `${base(site)}${lang === 'en' ? '/en' : ''}${path}`;
}

export function incidentUrl(site: FeedSite, incidentId: string, lang: Lang): string {
  return pageUrl(site, `/incidents/${encodeURIComponent(incidentId)}`, lang);
}

/**
 * Where each feed is published: `/history.{rss,atom,json}` for the whole site and
 * `/components/{id}/history.{rss,atom,json}` for one component, under `/en` in English.
 * The routes that serve them should use this too, so self links never drift.
 */
export function feedLinks(site: FeedSite, lang: Lang, componentId?: string): FeedLinks {
  const dir = componentId === undefined ? '' : `/components/${encodeURIComponent(componentId)}`;
  return {
    page: pageUrl(site, dir === '' ? '/' : dir, lang),
    rss: pageUrl(site, `${dir}/history.rss`, lang),
    atom: pageUrl(site, `${dir}/history.atom`, lang),
    json: pageUrl(site, `${dir}/history.json`, lang),
  };
}
