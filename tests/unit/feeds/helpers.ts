import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { expect } from 'vitest';

const REPEATED = new Set(['rss.channel.item', 'rss.channel.atom:link', 'feed.entry', 'feed.link', 'feed.entry.link']);

/** An independent reader: fast-xml-parser, attributes kept, nothing coerced to numbers. */
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseTagValue: false,
  parseAttributeValue: false,
  isArray: (_name, jpath) => REPEATED.has(String(jpath)),
});

// Any node of the parsed tree: tests walk it by element names, and a wrong name fails the assertion.
export type Node = any;

const XML_ILLEGAL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;

/**
 * Parse a feed, failing on anything a strict XML reader would reject. fast-xml-parser's
 * validator lets two things through, so they are checked here as well: characters XML 1.0
 * forbids, and a `]]>` outside a CDATA section (what a CDATA breakout leaves behind).
 */
export function parseXml(xml: string): Node {
  expect(XMLValidator.validate(xml)).toBe(true);
  expect(xml).not.toMatch(XML_ILLEGAL);
  expect(xml.replace(/<!\[CDATA\[[\s\S]*?\]\]>/g, '')).not.toContain(']]>');
  return parser.parse(xml);
}

/** The text of an element, whether or not it had attributes. */
export function textOf(node: Node): string {
  return typeof node === 'object' && node !== null ? String(node['#text'] ?? '') : String(node);
}

const HTML_ENTITIES: Record<string, string> = { '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'", '&amp;': '&' };

/** What a reader shows for an HTML-typed text (Atom `type="html"`). */
export function decodeHtmlText(html: string): string {
  return html.replace(/&(?:lt|gt|quot|#39|amp);/g, (e) => HTML_ENTITIES[e]!);
}

/** Tag names in an HTML fragment: only Shirase's own few may appear, never a user's. */
export function tagsIn(html: string): string[] {
  return [...new Set([...html.matchAll(/<\/?([a-zA-Z][\w-]*)/g)].map((m) => m[1]!.toLowerCase()))].sort();
}

export const RFC_822_GMT =
  /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} GMT$/;
export const RFC_3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

export const SITE = { url: 'https://status.example.jp/', name: 'Shirase ステータス', nameEn: 'Shirase Status' };
