import { DateTime } from 'luxon';
import { PAGE_TIME_ZONE } from '../../../core/time.ts';
import type { IncidentStatus, Lang } from '../../../core/vocab.ts';

/** After the status of an update whose text the operator corrected, as the pages mark it. */
export const EDITED_LABEL = { ja: '（編集済み）', en: ' (edited)' } as const satisfies Record<Lang, string>;

/** The words of shared/docs/product.md; `postmortem` is not there, so it is named plainly. */
export const INCIDENT_STATUS_LABEL = {
  ja: {
    investigating: '調査中',
    identified: '原因特定',
    monitoring: '経過観察中',
    resolved: '復旧済み',
    postmortem: '事後報告',
  },
  en: {
    investigating: 'Investigating',
    identified: 'Identified',
    monitoring: 'Monitoring',
    resolved: 'Resolved',
    postmortem: 'Postmortem',
  },
} as const satisfies Record<Lang, Record<IncidentStatus, string>>;

export const AFFECTED_COMPONENTS_LABEL = {
  ja: '影響を受けたサービス',
  en: 'Affected components',
} as const satisfies Record<Lang, string>;

/** Said instead of naming every service, as the pages' `mt.components.all`. */
export const ALL_SERVICES_LABEL = { ja: 'すべてのサービス', en: 'All services' } as const satisfies Record<
  Lang,
  string
>;

export const LIST_SEPARATOR = { ja: '、', en: ', ' } as const satisfies Record<Lang, string>;

const formatted = new Map<string, string>();

/** Times in feed content are for people: JST, labelled, e.g. `2026年11月28日 16:29 JST` / `Nov 28, 2026 16:29 JST`. */
export function formatJst(date: Date, lang: Lang): string {
  // Every publish formats the windows of every maintenance in the feeds again: the same instants.
  const key = `${lang} ${date.getTime()}`;
  let text = formatted.get(key);
  if (text === undefined) {
    const dt = DateTime.fromJSDate(date, { zone: PAGE_TIME_ZONE }).setLocale(lang);
    text = lang === 'ja' ? dt.toFormat("yyyy'年'M'月'd'日' HH:mm 'JST'") : dt.toFormat("LLL d, yyyy HH:mm 'JST'");
    if (formatted.size >= 4096) formatted.clear();
    formatted.set(key, text);
  }
  return text;
}

export function feedTitle(siteName: string, lang: Lang, componentName?: string): string {
  if (lang === 'ja') return componentName ? `${siteName}：${componentName}の履歴` : `${siteName}の履歴`;
  return componentName ? `${siteName}: ${componentName} history` : `${siteName} history`;
}

export function feedDescription(siteName: string, lang: Lang, componentName?: string): string {
  if (lang === 'ja') {
    return componentName
      ? `${componentName}に関する${siteName}の障害情報・計画メンテナンス・お知らせ`
      : `${siteName}の障害情報・計画メンテナンス・お知らせ`;
  }
  return componentName
    ? `Incidents, planned maintenance and notices affecting ${componentName}, from ${siteName}`
    : `Incidents, planned maintenance and notices from ${siteName}`;
}
