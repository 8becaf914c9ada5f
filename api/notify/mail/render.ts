import { escapeHtml, markdownToText, renderMarkdown } from '../../core/text/markdown.ts';
import type { Lang } from '../../core/vocab.ts';
import { t } from '../../../site/i18n/index.ts';
import type { MailContent, RecordText } from './content.ts';

/** A footer line: a sentence, or a labelled link (the URL is written out, never hidden behind words). */
export type FooterLine = { text: string } | { label: string; url: string };

const untranslatedIn = (c: MailContent) => c.lang !== 'ja' && (c.title.lang === 'ja' || c.body?.lang === 'ja');

/**
 * The plain-text part. Markdown becomes the text the pages show; nothing is a template, so a
 * `{{7*7}}` in a title reaches the reader as typed.
 */
export function renderText(content: MailContent, footer: readonly FooterLine[]): string {
  const blocks = [content.lead];
  if (untranslatedIn(content)) blocks.push(t(content.lang, 'notify.untranslated'));
  blocks.push(content.title.text, content.facts.map((f) => `${f.label}: ${f.value}`).join('\n'));
  if (content.body) blocks.push(markdownToText(content.body.text));
  if (content.action) blocks.push(content.action);
  blocks.push(`${content.link.label}: ${content.link.url}`);
  const foot = footer.map((l) => ('url' in l ? `${l.label}: ${l.url}` : l.text)).join('\n');
  // "-- " on its own line is the signature separator mail readers recognise (RFC 3676 §4.3).
  return `${blocks.filter((b) => b.trim()).join('\n\n')}\n\n-- \n${foot}\n`;
}

/** `lang` on an element whose text is in another language than the message (an English reader's Japanese original). */
function langAttr(text: RecordText, lang: Lang): string {
  return text.lang === lang ? '' : ` lang="${text.lang}"`;
}

function link(url: string): string {
  const u = escapeHtml(url);
  return `<a href="${u}">${u}</a>`;
}

/**
 * The HTML part, saying what the text part says: every user text escaped, record bodies as the
 * pages' sanitized markdown. No image, stylesheet or script from anywhere: nothing to track.
 */
export function renderHtml(content: MailContent, footer: readonly FooterLine[]): string {
  const { lang } = content;
  const rows = content.facts
    .map(
      (f) =>
        `<tr><th align="left" valign="top" style="padding:2px 12px 2px 0;white-space:nowrap">${escapeHtml(f.label)}</th><td style="padding:2px 0">${escapeHtml(f.value)}</td></tr>`,
    )
    .join('\n');
  const parts = [`<p>${escapeHtml(content.lead)}</p>`];
  if (untranslatedIn(content)) parts.push(`<p><small>${escapeHtml(t(lang, 'notify.untranslated'))}</small></p>`);
  parts.push(
    `<h1 style="font-size:1.25em"${langAttr(content.title, lang)}>${escapeHtml(content.title.text)}</h1>`,
    `<table role="presentation" cellspacing="0" cellpadding="0">\n${rows}\n</table>`,
  );
  if (content.body) parts.push(`<div${langAttr(content.body, lang)}>${renderMarkdown(content.body.text)}</div>`);
  if (content.action) parts.push(`<p><strong>${escapeHtml(content.action)}</strong></p>`);
  parts.push(`<p>${escapeHtml(content.link.label)}: ${link(content.link.url)}</p>`);
  const foot = footer
    .map((l) => ('url' in l ? `${escapeHtml(l.label)}: ${link(l.url)}` : escapeHtml(l.text)))
    .join('<br>\n');
  return `<!DOCTYPE html>
<html lang="${lang}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escapeHtml(content.subject)}</title></head>
<body style="font-family:sans-serif;line-height:1.6;color:#1a1a1a">
${parts.join('\n')}
<hr>
<p style="font-size:0.875em;color:#555">${foot}</p>
</body>
</html>
`;
}
