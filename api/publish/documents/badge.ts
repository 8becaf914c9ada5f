import { buildBadgeSvg } from '../formats/badge/index.ts';
import { LANGS } from '../../core/vocab.ts';
import type { DocumentBuilder } from './index.ts';

/** `/badge.svg` and `/en/badge.svg`: the page indicator as a self-contained SVG image (no script, font or link). */
export const badgeDocuments: DocumentBuilder = ({ model }) =>
  LANGS.map((lang) => ({
    path: lang === 'ja' ? '/badge.svg' : '/en/badge.svg',
    contentType: 'image/svg+xml',
    body: Buffer.from(buildBadgeSvg(model.indicator, lang)),
  }));
