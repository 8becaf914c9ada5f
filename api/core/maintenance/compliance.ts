import type { LeadTimePolicy } from './lead-time-policy.ts';
import { maintenanceLeadTime, measureLeadTime, type LeadTime } from './lead-time.ts';
import type { MaintenanceView, NoticeView } from './types.ts';

/** One line of the compliance listing: how much notice an item gave, against the policy. */
export interface ComplianceRow extends LeadTime {
  id: string;
  title: string;
  announcedAt: Date;
  effectiveAt: Date;
  shortNotice: boolean;
  shortNoticeReason: string | null;
  /** Cancelled maintenance stays listed (it was announced), but is marked. */
  cancelled: boolean;
}

export function complianceRow(item: NoticeView | MaintenanceView, policy: LeadTimePolicy): ComplianceRow {
  const isNotice = 'kind' in item;
  const kind = isNotice ? item.kind : 'maintenance';
  const effectiveAt = isNotice ? item.effectiveAt : item.scheduledFor;
  return {
    ...(isNotice ? measureLeadTime(kind, item.announcedAt, effectiveAt, policy) : maintenanceLeadTime(item, policy)),
    id: item.id,
    title: item.title,
    announcedAt: item.announcedAt,
    effectiveAt,
    shortNotice: item.shortNotice,
    shortNoticeReason: item.shortNoticeReason,
    cancelled: !isNotice && item.overrides.cancelledAt !== null,
  };
}
