import type { ServiceLevel } from '@core/service-levels/index.ts';
import type { Lang } from '@core/vocab.ts';
import { t } from '../../i18n/index.ts';

/**
 * Pass or fail in words (never colour alone). An overspent budget fails the month even while it
 * runs (the budget is the whole month's); a month within budget so far is met "so far".
 */
export function verdict(lang: Lang, level: ServiceLevel): { text: string; kind: 'met' | 'missed' | 'none' } {
  if (level.met === null) return { text: t(lang, 'sl.noData'), kind: 'none' };
  if (!level.met) return { text: t(lang, 'sl.missed'), kind: 'missed' };
  return { text: t(lang, level.final ? 'sl.met' : 'sl.metSoFar'), kind: 'met' };
}
