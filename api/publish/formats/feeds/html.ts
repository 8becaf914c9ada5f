import type { Lang } from '../../../core/vocab.ts';
import type { FeedSection } from './entry.ts';
import { formatJst } from './labels.ts';
import { escapeHtml } from '../../../core/text/markdown.ts';

/**
 * Markdown source shown as plain text: escaped, paragraphs and line breaks kept. No markdown is
 * rendered, so neither raw HTML nor `javascript:` links in a body can reach a reader as markup.
 * Escaped text holds no `>`, so a user's `]]>` never closes the CDATA section RSS writes it in.
 */
export function plainTextHtml(text: string): string {
  return text.replace(/\r\n?/g, '\n').trim().split('\n').map(escapeHtml).join('<br>');
}

/** Each section as `<p><small>time</small><br><strong>heading</strong><br>text</p>`, in the given order. */
export function sectionsHtml(sections: readonly FeedSection[], lang: Lang): string {
  return sections
    .map((s) => {
      const time = s.at ? `<small>${escapeHtml(formatJst(s.at, lang))}</small><br>` : '';
      return `<p>${time}<strong>${escapeHtml(s.heading)}</strong><br>${plainTextHtml(s.text)}</p>`;
    })
    .join('\n');
}
