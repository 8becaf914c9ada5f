import { maintenancePhases } from '../maintenance/status.ts';
import type { LeadTimePolicy } from '../maintenance/lead-time-policy.ts';
import { maintenanceLeadTime, measureLeadTime, type LeadTime } from '../maintenance/lead-time.ts';
import {
  isActiveMaintenance,
  type MaintenanceStatus,
  type MaintenanceView,
  type NoticeKind,
  type NoticeView,
} from '../maintenance/types.ts';
import type { SiteModel } from '../model.ts';

/** A maintenance or a notice as a line in a list: what the home page, the notices page and the compliance table show. */
export interface NoticeItem {
  kind: NoticeKind;
  id: string;
  /** Page path without the language prefix. */
  path: string;
  title: string;
  titleEn: string | null;
  /** A maintenance's start, a notice's effective date. */
  effectiveAt: Date;
  /** A maintenance's end as things stand (extended or finished early); null for a notice. */
  endsAt: Date | null;
  announcedAt: Date;
  shortNotice: boolean;
  shortNoticeReason: string | null;
  /** Null for a notice. */
  status: MaintenanceStatus | null;
  /** A notice taken back: still listed, marked withdrawn. */
  withdrawn?: boolean;
  lead: LeadTime;
}

type Model = Pick<SiteModel, 'maintenances' | 'notices'>;

export function maintenanceItem(m: MaintenanceView, policy: LeadTimePolicy): NoticeItem {
  return {
    kind: 'maintenance',
    id: m.id,
    path: `/maintenance/${m.id}/`,
    title: m.title,
    titleEn: m.titleEn,
    effectiveAt: m.scheduledFor,
    endsAt: maintenancePhases(m).completedAt,
    announcedAt: m.announcedAt,
    shortNotice: m.shortNotice,
    shortNoticeReason: m.shortNoticeReason,
    status: m.status,
    lead: maintenanceLeadTime(m, policy),
  };
}

export function noticeItem(n: NoticeView, policy: LeadTimePolicy): NoticeItem {
  return {
    kind: n.kind,
    id: n.id,
    path: `/notices/${n.id}/`,
    title: n.title,
    titleEn: n.titleEn,
    effectiveAt: n.effectiveAt,
    endsAt: null,
    announcedAt: n.announcedAt,
    shortNotice: n.shortNotice,
    shortNoticeReason: n.shortNoticeReason,
    status: null,
    withdrawn: Boolean(n.withdrawnAt),
    lead: measureLeadTime(n.kind, n.announcedAt, n.effectiveAt, policy),
  };
}

const byEffective = (a: NoticeItem, b: NoticeItem) =>
  a.effectiveAt.getTime() - b.effectiveAt.getTime() || (a.id < b.id ? -1 : 1);

/** Maintenance in progress or verifying at the model's time, earliest start first. */
export function activeMaintenances(model: Model): MaintenanceView[] {
  return model.maintenances.filter((m) => isActiveMaintenance(m.status));
}

/** Every maintenance and notice ever announced, earliest effect first, each measured against `policy`. */
export function everyItem(model: Model, policy: LeadTimePolicy): NoticeItem[] {
  const kept = listed.get(model);
  // Also rebuilt if the lists grew since, as the render thread's copy of a model does while its slices arrive.
  if (
    kept?.maintenances === model.maintenances &&
    kept.notices === model.notices &&
    kept.policy === policy &&
    kept.items.length === model.maintenances.length + model.notices.length
  )
    return [...kept.items];
  const items = [
    ...model.maintenances.map((m) => maintenanceItem(m, policy)),
    ...model.notices.map((n) => noticeItem(n, policy)),
  ].sort(byEffective);
  listed.set(model, { maintenances: model.maintenances, notices: model.notices, policy, items });
  return [...items];
}

/**
 * The items of each model, measured once: both home pages list the upcoming ones, and measuring
 * a lead time in calendar months takes a few hundred microseconds (five years: 160 items).
 */
const listed = new WeakMap<
  Model,
  { maintenances: Model['maintenances']; notices: Model['notices']; policy: LeadTimePolicy; items: NoticeItem[] }
>();

/** Every item, in effect order; `upcoming` means not yet started (maintenance) or not yet in effect (notice). */
export function allItems(
  model: Model,
  policy: LeadTimePolicy,
  now: Date,
): { upcoming: NoticeItem[]; past: NoticeItem[] } {
  const items = everyItem(model, policy);
  const isUpcoming = (i: NoticeItem) => (i.status ? i.status === 'scheduled' : i.effectiveAt > now);
  return { upcoming: items.filter(isUpcoming), past: items.filter((i) => !isUpcoming(i)).reverse() };
}

/** The home page's list: every upcoming notice, and the next few maintenance windows (the standing window alone yields seven). */
export function upcomingItems(model: Model, policy: LeadTimePolicy, now: Date, maintenanceLimit = 3): NoticeItem[] {
  const { upcoming } = allItems(model, policy, now);
  const maintenance = upcoming.filter((i) => i.kind === 'maintenance').slice(0, maintenanceLimit);
  return upcoming.filter((i) => i.kind !== 'maintenance' || maintenance.includes(i));
}
