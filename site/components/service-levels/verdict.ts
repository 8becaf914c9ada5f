import type { ServiceLevel } from '@core/service-levels/index.ts';
import type { Lang } from '@core/vocab.ts';
import { t } from '../../i18n/index.ts';

const TEXT = {
  met: 'sl.met',
  missed: 'sl.missed',
  on_track: 'sl.onTrack',
  at_risk: 'sl.atRisk',
  no_data: 'sl.noData',
} as const satisfies Record<ServiceLevel['status'], string>;

/**
 * Pass or fail in words (never colour alone). Only an ended month reads "met"; a running one says
 * it is in progress and how it stands (see `ServiceLevelStatus`). An overspent budget fails the
 * month even while it runs: the budget is the whole month's.
 */
export function verdict(lang: Lang, level: ServiceLevel): { text: string; kind: ServiceLevel['status'] } {
  return { text: t(lang, TEXT[level.status]), kind: level.status };
}
