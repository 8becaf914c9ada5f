import type { Indicator, Lang } from '../../../core/vocab.ts';

/** Short words for a 20px badge; the Japanese follow shared/docs/product.md's vocabulary. */
export const BADGE_MESSAGE = {
  ja: {
    none: 'すべて正常',
    minor: '軽微な障害',
    major: '一部障害',
    critical: '重大な障害',
    maintenance: 'メンテナンス中',
  },
  en: {
    none: 'operational',
    minor: 'minor outage',
    major: 'partial outage',
    critical: 'major outage',
    maintenance: 'maintenance',
  },
} as const satisfies Record<Lang, Record<Indicator, string>>;

export const BADGE_LABEL = { ja: 'ステータス', en: 'status' } as const satisfies Record<Lang, string>;

/** Each has at least 4.5:1 contrast with the white text (WCAG AA), as has the grey label. */
export const BADGE_COLOR = {
  none: '#1a7f37',
  minor: '#9a6700',
  major: '#bc4c00',
  critical: '#cf222e',
  maintenance: '#0969da',
} as const satisfies Record<Indicator, string>;

export const LABEL_COLOR = '#555';

/**
 * Rough advance widths at 11px, enough to size the boxes; `textLength` then fits the text to
 * them exactly, so the badge looks the same whichever font the viewer has.
 */
export function estimateTextWidth(text: string): number {
  let width = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (cp >= 0x2e80)
      width += 11; // CJK, kana, full-width forms: one em
    else if (/[ijl.,:;!|'`]/.test(ch)) width += 3.2;
    else if (ch === ' ') width += 3.6;
    else if (/[A-Zmw@%]/.test(ch)) width += 8;
    else width += 6.3;
  }
  return Math.ceil(width);
}
