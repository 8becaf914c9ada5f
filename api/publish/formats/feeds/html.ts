import type { Lang } from '../../../core/vocab.ts';
import type { FeedSection } from './entry.ts';
import { formatJst } from './labels.ts';
import { escapeHtml, markdownToText, renderMarkdown } from '../../../core/text/markdown.ts';

/**
 * A section's markdown as the pages show it: rendered and sanitized by the same renderer, so no
 * raw HTML or `javascript:` link reaches a reader. Rendered text holds `>` only as `&gt;`; the
 * replacement still guarantees that no `]]>` closes the CDATA section RSS and Atom write it in.
 */
export function markdownHtml(text: string): string {
  return renderMarkdown(text).replaceAll(']]>', ']]&gt;');
}

/** Plain text as HTML: escaped, line breaks kept. Escaped text holds no `>`, so no `]]>` either. */
function plainTextHtml(text: string): string {
  return text.replace(/\r\n?/g, '\n').trim().split('\n').map(escapeHtml).join('<br>');
}

/**
 * Each section as `<p><small>time</small><br><strong>heading</strong><br>text</p>`, in the given
 * order; a markdown section's text follows its heading paragraph, rendered as the pages render it.
 */
export function sectionsHtml(sections: readonly FeedSection[], lang: Lang): string {
  return sections
    .map((s) => {
      const time = s.at ? `<small>${escapeHtml(formatJst(s.at, lang))}</small><br>` : '';
      const heading = `${time}<strong>${escapeHtml(s.heading)}</strong>`;
      return s.markdown
        ? `<p>${heading}</p>\n${markdownHtml(s.text)}`
        : `<p>${heading}<br>${plainTextHtml(s.text)}</p>`;
    })
    .join('\n');
}

/** The same sections as plain text, for formats that want text: time, heading and text, a blank line between sections. */
export function sectionsText(sections: readonly FeedSection[], lang: Lang): string {
  return sections
    .map((s) =>
      [s.at ? formatJst(s.at, lang) : '', s.heading, s.markdown ? markdownToText(s.text) : s.text.trim()]
        .filter(Boolean)
        .join('\n'),
    )
    .join('\n\n');
}
