import type { SiteModel } from '../../../core/model.ts';
import { INDICATOR_DESCRIPTION } from '../../../core/severity.ts';
import { PAGE_TIME_ZONE, toIsoOffset } from '../../../core/time.ts';
import type { MaintenanceInput } from './maintenance-input.ts';
import type { PageObject, StatusObject, StatuspagePage } from './shapes.ts';

/** The origin root without trailing slashes, so `${base}/incidents/…` never doubles a slash. */
export function baseUrlOf(page: StatuspagePage): string {
  return page.url.replace(/\/+$/, '');
}

/**
 * When the page last changed: the latest write to a record these documents show (groups,
 * components, incidents, maintenance), and any window boundary already passed, since a
 * maintenance starting or ending changes what the page says without anyone writing anything.
 * Notices are Shirase's own and not in /api/v2: posting one does not move this time.
 */
export function pageUpdatedAt(model: SiteModel, maintenances: readonly MaintenanceInput[], now: Date): Date {
  let latest = 0;
  for (const r of [...model.groups, ...model.components, ...model.incidents])
    latest = Math.max(latest, r.updatedAt.getTime());
  for (const m of maintenances) {
    for (const t of [m.updatedAt, m.scheduledFor, m.scheduledUntil]) {
      const ms = t.getTime();
      if (ms <= now.getTime() && ms > latest) latest = ms;
    }
  }
  return new Date(latest);
}

export function pageObject(page: StatuspagePage, updatedAt: Date): PageObject {
  return {
    id: page.id,
    name: page.name,
    url: baseUrlOf(page),
    time_zone: PAGE_TIME_ZONE,
    updated_at: toIsoOffset(updatedAt),
  };
}

export function statusObject(model: SiteModel): StatusObject {
  return { indicator: model.indicator, description: INDICATOR_DESCRIPTION[model.indicator] };
}
