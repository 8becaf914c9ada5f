import type { ComponentView } from '@core/model.ts';
import type { Lang } from '@core/vocab.ts';
import { calendarPath } from '@publish/documents/calendars.ts';
import { FEED_FORMAT_NAME, FEED_FORMATS, feedPath } from '@publish/formats/feeds/urls.ts';
import { pick, t } from '../i18n/index.ts';

export interface ComponentFeeds {
  id: string;
  name: string;
  /** Its feeds, then its maintenance calendar. */
  links: Array<{ href: string; label: string; text: string }>;
}

const made = new WeakMap<readonly ComponentView[], Record<Lang, ComponentFeeds[] | undefined>>();

/**
 * Each component's feed and calendar links, as the pages' footers list them: made once per model's
 * components and language rather than once per page (44 links on each of hundreds).
 */
export function componentFeeds(lang: Lang, components: readonly ComponentView[]): ComponentFeeds[] {
  let byLang = made.get(components);
  if (!byLang) {
    byLang = { ja: undefined, en: undefined };
    made.set(components, byLang);
  }
  byLang[lang] ??= components.map((c) => {
    const name = pick(lang, c.name, c.nameEn);
    const label = (format: string) => t(lang, 'pi.subscribe.componentFeed', { component: name, format });
    return {
      id: c.id,
      name,
      links: [
        ...FEED_FORMATS.map((format) => ({
          href: feedPath(lang, format, c.id),
          label: label(FEED_FORMAT_NAME[format]),
          text: FEED_FORMAT_NAME[format],
        })),
        { href: calendarPath(lang, c.id), label: label('iCalendar'), text: 'iCalendar' },
      ],
    };
  });
  return byLang[lang];
}
