import { isoDuration, type LeadTimePolicy } from '../../core/maintenance/lead-time-policy.ts';
import { maintenanceLeadTime, measureLeadTime, type LeadTime } from '../../core/maintenance/lead-time.ts';
import { maintenancePhases, nextTransitionAt } from '../../core/maintenance/status.ts';
import type { MaintenanceHistoryEntry, MaintenanceView, NoticeView } from '../../core/maintenance/types.ts';
import { everyItem } from '../../core/queries/maintenance-listing.ts';
import { toIsoOffsetOrNull } from '../../core/time.ts';

/** `/api/v1` shapes of maintenances, notices and the compliance listing (snake_case, ISO 8601 with offset). */
const iso = toIsoOffsetOrNull;

function presentLeadTime(lead: LeadTime) {
  return { required: lead.required, actual_days: lead.leadDays, meets_policy: lead.meetsPolicy };
}

function presentHistory(h: MaintenanceHistoryEntry) {
  return {
    kind: h.kind,
    at: iso(h.at),
    by: h.by,
    reason: h.reason,
    old_start: iso(h.oldStart),
    old_end: iso(h.oldEnd),
    new_start: iso(h.newStart),
    new_end: iso(h.newEnd),
  };
}

export function presentMaintenance(m: MaintenanceView, ctx: { siteUrl: string; now: Date; policy: LeadTimePolicy }) {
  const phases = maintenancePhases(m);
  const o = m.overrides;
  return {
    id: m.id,
    title: m.title,
    title_en: m.titleEn,
    body: m.body,
    body_en: m.bodyEn,
    status: m.status,
    scheduled_for: iso(m.scheduledFor),
    scheduled_until: iso(m.scheduledUntil),
    /** When it completes (or completed) as things stand: the end of the window, extended or finished early. */
    ends_at: iso(phases.completedAt),
    next_transition_at: iso(nextTransitionAt(m, ctx.now)),
    components: m.componentIds,
    announced_at: iso(m.announcedAt),
    lead_time: presentLeadTime(maintenanceLeadTime(m, ctx.policy)),
    short_notice: m.shortNotice,
    short_notice_reason: m.shortNoticeReason,
    series_id: m.seriesId,
    sequence: m.sequence,
    started_at: iso(o.startedAt),
    verifying_at: iso(o.verifyingAt),
    finished_at: iso(o.finishedAt),
    extended_until: iso(o.extendedUntil),
    cancelled_at: iso(o.cancelledAt),
    cancel_reason: o.cancelReason,
    created_at: iso(m.createdAt),
    updated_at: iso(m.updatedAt),
    url: `${ctx.siteUrl}/maintenance/${m.id}/`,
    history: m.history.map(presentHistory),
    updates: m.updates.map((u) => ({
      id: u.id,
      status: u.status,
      body: u.body,
      body_en: u.bodyEn,
      created_at: iso(u.createdAt),
      display_at: iso(u.displayAt),
    })),
  };
}

export function presentNotice(n: NoticeView, ctx: { siteUrl: string; policy: LeadTimePolicy }) {
  return {
    id: n.id,
    kind: n.kind,
    title: n.title,
    title_en: n.titleEn,
    body: n.body,
    body_en: n.bodyEn,
    effective_at: iso(n.effectiveAt),
    announced_at: iso(n.announcedAt),
    lead_time: presentLeadTime(measureLeadTime(n.kind, n.announcedAt, n.effectiveAt, ctx.policy)),
    components: n.componentIds,
    short_notice: n.shortNotice,
    short_notice_reason: n.shortNoticeReason,
    withdrawn_at: iso(n.withdrawnAt ?? null),
    withdraw_reason: n.withdrawReason ?? null,
    created_at: iso(n.createdAt),
    updated_at: iso(n.updatedAt),
    url: `${ctx.siteUrl}/notices/${n.id}/`,
  };
}

/** Every notice and maintenance with the notice it gave against the policy, earliest effect first (the compliance page's rows). */
export function presentCompliance(
  items: { maintenances: MaintenanceView[]; notices: NoticeView[] },
  ctx: { siteUrl: string; policy: LeadTimePolicy },
) {
  const { policy } = ctx;
  return {
    policy: Object.fromEntries(Object.entries(policy).map(([kind, rule]) => [kind, isoDuration(rule)])),
    items: everyItem(items, policy).map((item) => ({
      kind: item.kind,
      id: item.id,
      title: item.title,
      announced_at: iso(item.announcedAt),
      effective_at: iso(item.effectiveAt),
      lead_days: item.lead.leadDays,
      required: item.lead.required,
      meets_policy: item.lead.meetsPolicy,
      short_notice: item.shortNotice,
      short_notice_reason: item.shortNoticeReason,
      cancelled: item.status === 'cancelled',
      url: `${ctx.siteUrl}${item.path}`,
    })),
  };
}
