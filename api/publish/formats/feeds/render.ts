import { Feed, type FeedOptions, type Item } from 'feed';
import { LRUCache } from 'lru-cache';
import type { Lang } from '../../../core/vocab.ts';
import { inertJson } from '../../../core/text/inert-json.ts';
import { compareEntries, entryKey, type FeedEntry } from './entry.ts';
import { sectionsHtml, sectionsText } from './html.ts';
import { escapeHtml } from '../../../core/text/markdown.ts';
import { forXmlTextNode, stripXmlIllegal } from './text.ts';
import type { FeedLinks } from './urls.ts';

/** A feed carries the most recently changed entries; the full history is on the site. */
export const FEED_ENTRY_LIMIT = 50;

const JSON_FEED_VERSION = 'https://jsonfeed.org/version/1.1';

export interface FeedDocument {
  lang: Lang;
  title: string;
  description: string;
  /** Named as the feed's author (Atom requires one); normally the site's name. */
  author: string;
  links: FeedLinks;
  entries: readonly FeedEntry[];
  /** The feed's updated time when it has no entries (it is otherwise its newest entry's). */
  updatedWhenEmpty: Date;
}

export interface RenderedFeeds {
  rss: string;
  atom: string;
  json: string;
}

type Format = keyof RenderedFeeds;

/**
 * How each format wants a plain text. RSS titles are plain text (RSS Best Practices Profile);
 * Atom entry titles are written by the library as `type="html"`, so they are escaped HTML; JSON
 * needs nothing. Text nodes in XML go through `forXmlTextNode` (see there).
 */
const xmlText = (s: string) => forXmlTextNode(stripXmlIllegal(s));

function feedOptions(doc: FeedDocument, format: Format, updated: Date): FeedOptions {
  const text = format === 'json' ? stripXmlIllegal : xmlText;
  return {
    id: doc.links.atom,
    title: text(doc.title),
    description: text(doc.description),
    link: doc.links.page,
    language: doc.lang,
    updated,
    generator: 'Shirase',
    // Each format's self link is its own URL: `feedLinks`, never `feed`, which the library
    // would use as the self link of both RSS and Atom.
    feedLinks: { rss: doc.links.rss, atom: doc.links.atom, json: doc.links.json },
    author: { name: text(doc.author), link: doc.links.page },
  };
}

/** An entry's title and content, cleaned and rendered once for all three formats. */
interface PreparedEntry {
  entry: FeedEntry;
  title: string;
  html: string;
  /** The same content as plain text, for JSON Feed's `content_text`. */
  text: string;
  /** The newest section as one short line of plain text, for JSON Feed's `summary`. */
  summary: string;
}

/**
 * Prepared entries, by what they say: the site's feed and its components' list the same entries,
 * and a publish after a write lists mostly entries the last one prepared (markdown, times in JST).
 * Enough for every entry all the feeds of both languages list.
 */
const preparedEntries = new LRUCache<string, PreparedEntry>({ max: 1200 });

function prepare(entry: FeedEntry, lang: Lang): PreparedEntry {
  const key = `${lang}\n${entryKey(entry)}`;
  let prepared = preparedEntries.get(key);
  if (!prepared) {
    prepared = prepareAnew(entry, lang);
    preparedEntries.set(key, prepared);
  }
  // The entry itself is the caller's, whatever object the text was first prepared for.
  return prepared.entry === entry ? prepared : { ...prepared, entry };
}

function prepareAnew(entry: FeedEntry, lang: Lang): PreparedEntry {
  const sections = entry.sections.map((s) => ({
    heading: stripXmlIllegal(s.heading),
    at: s.at,
    text: stripXmlIllegal(s.text),
    markdown: s.markdown,
  }));
  return {
    entry,
    title: stripXmlIllegal(entry.title),
    html: sectionsHtml(sections, lang),
    text: sectionsText(sections, lang),
    summary: summaryOf(sectionsText(sections.slice(0, 1), lang)),
  };
}

/** JSON Feed wants "a plain text sentence or two" as the summary. */
const SUMMARY_LENGTH = 200;

function summaryOf(text: string): string {
  const chars = Array.from(text.replace(/\s+/g, ' ').trim());
  return chars.length > SUMMARY_LENGTH ? `${chars.slice(0, SUMMARY_LENGTH - 1).join('')}…` : chars.join('');
}

function item({ entry, title, html }: PreparedEntry, format: Format): Item {
  const common = { id: entry.id, link: entry.url, date: entry.updated };
  if (format === 'rss') {
    // The library writes an RSS title as CDATA and guards only the first `]]>` in it (xml-js
    // uses String#replace with a string pattern), so a second one would end the section and
    // turn the rest into markup. Writing the title as an escaped text node instead is what the
    // RSS profile recommends for plain text anyway. RSS has one date: the latest change, so
    // readers that sort or re-surface by pubDate see an updated incident.
    return {
      ...common,
      guid: entry.id,
      title,
      description: html,
      extensions: [{ name: 'title', objects: { _text: forXmlTextNode(title) } }],
    };
  }
  return {
    ...common,
    title: format === 'atom' ? escapeHtml(title) : title,
    content: html,
    published: entry.published,
  };
}

function render(doc: FeedDocument, format: Format, entries: readonly PreparedEntry[], updated: Date): string {
  const feed = new Feed(feedOptions(doc, format, updated));
  for (const entry of entries) feed.addItem(item(entry, format));
  if (format === 'rss') return feed.rss2();
  if (format === 'atom') return feed.atom1();
  // The library writes JSON Feed 1.0; 1.1 only adds fields and replaces `author` with `authors`.
  const { author, items, ...json } = JSON.parse(feed.json1()) as Record<string, unknown> & { items: object[] };
  // The library writes only `content_html`; readers that show text get the same content without markup.
  const withText = items.map((it, n) => ({ ...it, content_text: entries[n]!.text, summary: entries[n]!.summary }));
  return inertJson(
    {
      ...json,
      version: JSON_FEED_VERSION,
      language: doc.lang,
      authors: author ? [author] : undefined,
      items: withText,
    },
    2,
  );
}

/**
 * RSS 2.0, Atom 1.0 and JSON Feed 1.1 of the same entries: the `FEED_ENTRY_LIMIT` most recently
 * updated, in a fixed order; the feed's updated time is its newest entry's, so rebuilding from
 * unchanged data gives the same bytes.
 */
export function renderFeeds(doc: FeedDocument): RenderedFeeds {
  const entries = [...doc.entries]
    .sort(compareEntries)
    .slice(0, FEED_ENTRY_LIMIT)
    .map((e) => prepare(e, doc.lang));
  const updated = entries[0]?.entry.updated ?? doc.updatedWhenEmpty;
  return {
    rss: render(doc, 'rss', entries, updated),
    atom: render(doc, 'atom', entries, updated),
    json: render(doc, 'json', entries, updated),
  };
}
