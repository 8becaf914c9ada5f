import { LRUCache } from 'lru-cache';
import { Marked } from 'marked';
import sanitizeHtml from 'sanitize-html';
import { MAX_NESTING, nestingBound } from './nesting-bound.ts';
import { tokensToText } from './plain-text.ts';

const marked = new Marked({ gfm: true, breaks: true, async: false });
const nesting = nestingBound();
marked.use(nesting.extension);

/**
 * Operator markdown → safe HTML. Raw HTML in the source is escaped by marked's renderer override
 * below and the result is then sanitized with an allowlist, so neither tags nor `javascript:` links
 * survive; template syntax (`{{7*7}}`) is plain text because no user text is ever a template.
 */
marked.use({ renderer: { html: ({ text }) => escapeHtml(text) } });

const SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: [
    'p',
    'br',
    'strong',
    'em',
    'del',
    'code',
    'pre',
    'ul',
    'ol',
    'li',
    'a',
    'blockquote',
    'h3',
    'h4',
    'table',
    'thead',
    'tbody',
    'tr',
    'th',
    'td',
  ],
  allowedAttributes: { a: ['href'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  transformTags: { a: sanitizeHtml.simpleTransform('a', { rel: 'nofollow noopener' }) },
  // A link whose target was refused (`javascript:`, `data:`…) would stay as an `<a>` going nowhere,
  // to readers and crawlers alike: keep its words, drop the tag. Which targets are safe stays
  // sanitize-html's decision (it has removed `href` by the time this runs).
  exclusiveFilter: (frame) => (frame.tag === 'a' && !frame.attribs.href ? 'excludeTag' : false),
};

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/**
 * The same texts are rendered again and again: an update on both languages' pages when it has no
 * translation, and the open incidents' and the feeds' latest updates at every publish. Parsing and
 * sanitizing is most of a page's cost, so each text's HTML is kept, up to about 2 M characters.
 */
const rendered = new LRUCache<string, string>({
  maxSize: 2_000_000,
  sizeCalculation: (html, source) => html.length + source.length,
});

/** Any text renders: nesting beyond `MAX_NESTING` is shown as the characters typed (see nesting-bound.ts). */
export function renderMarkdown(source: string): string {
  let html = rendered.get(source);
  if (html === undefined) {
    html = sanitizeHtml(marked.parse(source) as string, { ...SANITIZE, allowedAttributes: { a: ['href', 'rel'] } });
    rendered.set(source, html);
  }
  return html;
}

/** The same text as `renderMarkdown` shows, as plain text without markup (see plain-text.ts). */
export function markdownToText(source: string): string {
  return tokensToText(marked.lexer(source));
}

/**
 * Whether part of `source` would be shown as typed rather than formatted because it nests quotes,
 * lists, emphasis or links more than `MAX_NESTING` deep. Input refuses such text, so what an
 * operator posts is what readers see; texts stored before that still render, bounded.
 */
export function nestsTooDeeply(source: string): boolean {
  return nesting.lex(() => marked.lexer(source));
}

export { MAX_NESTING };
