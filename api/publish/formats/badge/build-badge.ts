import { INDICATORS, LANGS, type Indicator, type Lang } from '../../../core/vocab.ts';
import { stripXmlIllegal } from '../feeds/text.ts';
import { escapeHtml } from '../../../core/text/markdown.ts';
import { BADGE_COLOR, BADGE_LABEL, BADGE_MESSAGE, estimateTextWidth, LABEL_COLOR } from './badge-text.ts';

export interface BadgeOptions {
  /** Replaces the left-hand label (e.g. a component or site name); escaped, and cut to 40 characters. */
  label?: string;
}

const HEIGHT = 20;
const PADDING = 6;
const MAX_LABEL = 40;
const FONT = {
  ja: "'Hiragino Sans','Noto Sans JP','Yu Gothic',Meiryo,sans-serif",
  en: 'Verdana,Geneva,DejaVu Sans,sans-serif',
} as const satisfies Record<Lang, string>;

/** Text for an SVG text node or attribute: XML-illegal characters dropped, markup characters escaped. */
const svgText = (s: string) => escapeHtml(stripXmlIllegal(s));

/**
 * A self-contained status badge: no scripts, fonts, images or links, so it is safe to serve as
 * `image/svg+xml` and to embed anywhere. Screen readers get `role="img"` and the `<title>`.
 */
export function buildBadgeSvg(indicator: Indicator, lang: Lang, options: BadgeOptions = {}): string {
  if (!INDICATORS.includes(indicator)) throw new RangeError(`unknown indicator: ${String(indicator)}`);
  if (!LANGS.includes(lang)) throw new RangeError(`unknown language: ${String(lang)}`);
  const label = [...(options.label?.trim() || BADGE_LABEL[lang])].slice(0, MAX_LABEL).join('');
  const message = BADGE_MESSAGE[lang][indicator];
  const labelText = estimateTextWidth(label);
  const messageText = estimateTextWidth(message);
  const labelWidth = labelText + 2 * PADDING;
  const messageWidth = messageText + 2 * PADDING;
  const width = labelWidth + messageWidth;
  const title = svgText(`${label}: ${message}`);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${HEIGHT}" viewBox="0 0 ${width} ${HEIGHT}" role="img" aria-label="${title}" lang="${lang}">`,
    `<title>${title}</title>`,
    `<rect width="${labelWidth}" height="${HEIGHT}" fill="${LABEL_COLOR}"/>`,
    `<rect x="${labelWidth}" width="${messageWidth}" height="${HEIGHT}" fill="${BADGE_COLOR[indicator]}"/>`,
    `<g fill="#fff" text-anchor="middle" font-family="${FONT[lang]}" font-size="11">`,
    `<text x="${labelWidth / 2}" y="14" textLength="${labelText}" lengthAdjust="spacingAndGlyphs">${svgText(label)}</text>`,
    `<text x="${labelWidth + messageWidth / 2}" y="14" textLength="${messageText}" lengthAdjust="spacingAndGlyphs">${svgText(message)}</text>`,
    '</g>',
    '</svg>',
    '',
  ].join('\n');
}
