import { escapeHtml } from '../../core/text/markdown.ts';
import type { SiteModel } from '../../core/model.ts';
import { toIsoOffset } from '../../core/time.ts';
import { isUnresolved, LANGS, type Indicator, type Lang } from '../../core/vocab.ts';
import { formatTime, localePath, pick, t } from '../../../site/i18n/index.ts';
import type { DocumentBuilder } from './index.ts';

/** Shown in a customer's iframe: at most this many active incidents, each linking to its page. */
const MAX_INCIDENTS = 3;

/** The home page banner's colours. */
const DOT_COLOR = {
  none: '#116329',
  minor: '#7d4e00',
  major: '#953800',
  critical: '#a40e26',
  maintenance: '#0550ae',
} as const satisfies Record<Indicator, string>;
const STYLE = [
  ':root{color-scheme:light dark;font-family:system-ui,-apple-system,"Hiragino Sans","Noto Sans JP",sans-serif;font-size:14px;line-height:1.5}',
  'body{margin:0;padding:.5rem .75rem}p,ul{margin:0 0 .25rem}ul{padding-inline-start:1.1rem}',
  '.dot{display:inline-block;width:.75em;height:.75em;border-radius:50%;margin-inline-end:.4em;vertical-align:baseline}',
  ...Object.entries(DOT_COLOR).map(([indicator, color]) => `.i-${indicator} .dot{background:${color}}`),
  '.meta{font-size:12px;opacity:.85}a{color:inherit}',
].join('\n');

/**
 * A tiny status page for an iframe in a customer's portal: the indicator in words (never colour
 * alone), the active incidents, the time, and a link here. No script, no external resource;
 * every user text is escaped. Links are relative, so they resolve to this origin (or to the DR
 * copy when it is served from there), and open in a new tab.
 */
export function embedHtml(model: SiteModel, lang: Lang): string {
  const site = t(lang, 'site.name');
  const active = model.incidents.filter((i) => isUnresolved(i.status)).slice(0, MAX_INCIDENTS);
  const incidents = active.length
    ? `<ul>${active.map((i) => `<li><a href="${localePath(lang, `/incidents/${encodeURIComponent(i.id)}/`)}" rel="noopener">${escapeHtml(pick(lang, i.name, i.nameEn))}</a></li>`).join('')}</ul>`
    : '';
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(t(lang, 'pi.embed.frameTitle', { site }))}</title>
<base target="_blank">
<style>
${STYLE}
</style>
</head>
<body>
<main class="i-${model.indicator}">
<p><span class="dot" aria-hidden="true"></span><strong>${escapeHtml(t(lang, `indicator.${model.indicator}`))}</strong></p>
${incidents}
<p class="meta"><a href="${localePath(lang, '/')}" rel="noopener">${escapeHtml(site)} — ${escapeHtml(t(lang, 'pi.snippet.details'))}</a><br>${escapeHtml(t(lang, 'pi.snippet.updated'))}: <time datetime="${toIsoOffset(model.updatedAt)}">${escapeHtml(formatTime(lang, model.updatedAt))}</time></p>
</main>
</body>
</html>
`;
}

/** `/embed/status.html` and `/en/embed/status.html`; the static server lets any origin frame `/embed/` paths. */
export const embedDocuments: DocumentBuilder = ({ model }) =>
  LANGS.map((lang) => ({
    path: localePath(lang, '/embed/status.html'),
    contentType: 'text/html; charset=utf-8',
    body: Buffer.from(embedHtml(model, lang)),
  }));
