import type { MaintenanceStatus, NoticeKind } from '../../../core/maintenance/types.ts';
import type { Lang } from '../../../core/vocab.ts';

/** The words of shared/docs/product.md (計画メンテナンス, サービス提供終了のお知らせ, 仕様変更・バージョンアップのお知らせ). */
export const MAINTENANCE_STATUS_LABEL = {
  ja: { scheduled: '予定', in_progress: '実施中', verifying: '動作確認中', completed: '完了', cancelled: '中止' },
  en: {
    scheduled: 'Scheduled',
    in_progress: 'In progress',
    verifying: 'Verifying',
    completed: 'Completed',
    cancelled: 'Cancelled',
  },
} as const satisfies Record<Lang, Record<MaintenanceStatus, string>>;

export const NOTICE_KIND_LABEL = {
  ja: {
    maintenance: '計画メンテナンスのお知らせ',
    termination: 'サービス提供終了のお知らせ',
    change: '仕様変更・バージョンアップのお知らせ',
  },
  en: {
    maintenance: 'Planned maintenance notice',
    termination: 'Service termination notice',
    change: 'Change and upgrade notice',
  },
} as const satisfies Record<Lang, Record<NoticeKind, string>>;

export const MAINTENANCE_LABEL = {
  ja: {
    title: '計画メンテナンス',
    window: '実施日時',
    announcement: '告知',
    shortNotice: '短期予告の理由',
    withdrawn: 'この告知は撤回されました',
    effectiveAt: '実施日',
    until: '〜',
  },
  en: {
    title: 'Planned maintenance',
    window: 'Window',
    announcement: 'Announcement',
    shortNotice: 'Short notice',
    withdrawn: 'This notice was withdrawn',
    effectiveAt: 'Effective',
    until: ' to ',
  },
} as const satisfies Record<Lang, Record<string, string>>;

/** `計画メンテナンス：title` / `Planned maintenance: title`, so a reader's list tells it from an incident. */
export function prefixed(prefix: string, title: string, lang: Lang): string {
  return lang === 'ja' ? `${prefix}：${title}` : `${prefix}: ${title}`;
}
