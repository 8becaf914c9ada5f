import { escapeHtml } from '../../core/text/markdown.ts';
import type { Lang } from '../../core/vocab.ts';
import { type MessageKey, pick, t } from '../../../site/i18n/index.ts';
import { NOTIFY_KIND_GROUPS } from '../outbox/vocab.ts';
import type { SubscriptionChoices } from './choices.ts';

/**
 * The door's own pages (confirm, manage, unsubscribe, errors): small server-rendered HTML, every
 * value escaped, no script (the site's CSP holds), usable without JavaScript. The forms post back
 * to the same door; a token travels in a hidden field, never as markup.
 */
export type Html = { readonly html: string };
const raw = (html: string): Html => ({ html });

const STYLE = `body{font-family:system-ui,sans-serif;line-height:1.6;color:#1a1a1a;max-width:40rem;margin:2rem auto;padding:0 1rem}
fieldset{border:1px solid #ccc;margin:1rem 0;padding:.5rem 1rem}label{display:block}button{font:inherit;padding:.4rem 1rem}
.note{color:#555;font-size:.9rem}`;

export function page(lang: Lang, title: string, body: Html[]): string {
  return `<!DOCTYPE html>
<html lang="${lang}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex">
<title>${escapeHtml(title)} | ${escapeHtml(t(lang, 'site.name'))}</title><style>${STYLE}</style></head>
<body>
<h1>${escapeHtml(title)}</h1>
${body.map((b) => b.html).join('\n')}
<p><a href="${lang === 'en' ? '/en/' : '/'}">${escapeHtml(t(lang, 'sub.back'))}</a></p>
</body>
</html>
`;
}

export const paragraph = (value: string, className?: string): Html =>
  raw(`<p${className ? ` class="${className}"` : ''}>${escapeHtml(value)}</p>`);

export const linkTo = (href: string, label: string): Html =>
  raw(`<p><a href="${escapeHtml(href)}">${escapeHtml(label)}</a></p>`);

/** A form of hidden fields and one button, posting to `action` (a path of the door). */
export function buttonForm(action: string, fields: Record<string, string>, label: string): Html {
  const hidden = Object.entries(fields)
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join('');
  return raw(
    `<form method="post" action="${escapeHtml(action)}">${hidden}<button type="submit">${escapeHtml(label)}</button></form>`,
  );
}

const checked = (on: boolean) => (on ? ' checked' : '');

/** The choices of a manage form (the static subscribe page writes the same fields). */
export function choicesForm(
  lang: Lang,
  action: string,
  token: string,
  catalogue: readonly { id: string; name: string; nameEn: string | null }[],
  current: SubscriptionChoices,
): Html {
  const langs = (['ja', 'en'] as const)
    .map(
      (l) =>
        `<label><input type="radio" name="language" value="${l}"${checked(current.language === l)}> ${escapeHtml(t(lang, `sub.language.${l}`))}</label>`,
    )
    .join('');
  const boxes = catalogue
    .map(
      (c) =>
        `<label><input type="checkbox" name="component" value="${escapeHtml(c.id)}"${checked(!!current.components?.includes(c.id))}> ${escapeHtml(pick(lang, c.name, c.nameEn))}</label>`,
    )
    .join('');
  const kinds = NOTIFY_KIND_GROUPS.map(
    (k) =>
      `<label><input type="checkbox" name="kind" value="${k}"${checked(!current.kinds || current.kinds.includes(k))}> ${escapeHtml(t(lang, `sub.kind.${k}` as MessageKey))}</label>`,
  ).join('');
  return raw(`<form method="post" action="${escapeHtml(action)}">
<input type="hidden" name="token" value="${escapeHtml(token)}">
<fieldset><legend>${escapeHtml(t(lang, 'sub.language'))}</legend>${langs}</fieldset>
<fieldset><legend>${escapeHtml(t(lang, 'sub.components'))}</legend>
<label><input type="radio" name="scope" value="all"${checked(!current.components)}> ${escapeHtml(t(lang, 'sub.components.all'))}</label>
<label><input type="radio" name="scope" value="some"${checked(!!current.components)}> ${escapeHtml(t(lang, 'sub.components.some'))}</label>
${boxes}</fieldset>
<fieldset><legend>${escapeHtml(t(lang, 'sub.kinds'))}</legend>${kinds}</fieldset>
<button type="submit">${escapeHtml(t(lang, 'sub.manage.save'))}</button>
</form>`);
}
