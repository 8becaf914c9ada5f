import { LANGS } from '../core/vocab.ts';

/**
 * The reference pages for developers and embedders. Their content depends on code, not data,
 * so no change makes them stale beyond the footer's "last updated": they are rendered with
 * every full publish (start-up) only.
 */
export function publicInterfacePageRoutes(): string[] {
  return ['/docs/api/', '/docs/embed/'].flatMap((path) => LANGS.map((lang) => (lang === 'ja' ? path : `/en${path}`)));
}
