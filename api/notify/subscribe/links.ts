import type { Lang } from '../events.ts';
import { manageToken } from './tokens.ts';

/**
 * URLs of the subscription door, from SITE_URL (never a request's Host: bad input 12). The
 * language rides in the URL so that a page about an unknown token reads the same as one about a
 * known token.
 */
export function subscriptionUrl(
  siteUrl: string,
  page: 'confirm' | 'manage' | 'unsubscribe',
  token: string,
  lang: Lang,
) {
  const url = new URL(`${siteUrl}/subscription/${page}`);
  url.searchParams.set('token', token);
  url.searchParams.set('lang', lang);
  return url.href;
}

/** A static page of the site in `lang` (Japanese at `/`, English under `/en/`), as the pages' canonical links write it. */
export function sitePageUrl(siteUrl: string, lang: Lang, path: string): string {
  return `${siteUrl}${lang === 'en' ? `/en${path}` : path}`;
}

/**
 * The mail channel's `subscriberLinks` (api/notify/mail/channel.ts): a subscriber's manage page
 * and RFC 8058 one-click URL, each with the token derived from its id (tokens.ts).
 */
export function subscriberLinks(siteUrl: string, secret: string) {
  return (subscriber: { id: string; language: Lang }) => {
    const token = manageToken(secret, subscriber.id);
    return {
      manageUrl: subscriptionUrl(siteUrl, 'manage', token, subscriber.language),
      unsubscribeUrl: subscriptionUrl(siteUrl, 'unsubscribe', token, subscriber.language),
    };
  };
}
