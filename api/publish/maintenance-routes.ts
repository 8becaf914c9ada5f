import type { Change } from '../core/change.ts';
import { maintenancePhases } from '../core/maintenance/status.ts';
import type { SiteModel } from '../core/model.ts';
import { localized } from './localized.ts';

/** A wake-up republishes the pages of maintenances whose state changed this recently (a failed publish retries within minutes). */
const CLOCK_LOOKBACK_MS = 24 * 60 * 60 * 1000;

/** Every maintenance and notice page, the notices index and the compliance page. */
export function maintenancePageRoutes(model: SiteModel): string[] {
  return [
    ...localized('/notices/'),
    ...localized('/compliance/'),
    ...model.maintenances.flatMap((m) => localized(`/maintenance/${m.id}/`)),
    ...model.notices.flatMap((n) => localized(`/notices/${n.id}/`)),
  ];
}

/**
 * The maintenance and notice pages a change can alter (the home pages are always republished).
 * A maintenance or notice: its own page, the index and the compliance table. The clock: the pages
 * of maintenances that just started, entered verification or completed, and the index (items move
 * from upcoming to past). A renamed component or group: the pages that name it.
 */
export function maintenanceAffectedRoutes(change: Change, model: SiteModel): string[] {
  if (change.kind === 'maintenance')
    return [...localized(`/maintenance/${change.id}/`), ...localized('/notices/'), ...localized('/compliance/')];
  if (change.kind === 'notice')
    return [...localized(`/notices/${change.id}/`), ...localized('/notices/'), ...localized('/compliance/')];
  if (change.kind === 'clock') {
    const now = model.generatedAt.getTime();
    const recent = (d: Date | null) => d !== null && d.getTime() <= now && now - d.getTime() <= CLOCK_LOOKBACK_MS;
    const moved = model.maintenances.filter((m) => {
      const p = maintenancePhases(m);
      return recent(p.start) || recent(p.verifyingFrom) || recent(p.completedAt);
    });
    return [...localized('/notices/'), ...moved.flatMap((m) => localized(`/maintenance/${m.id}/`))];
  }
  if (change.kind === 'component' || change.kind === 'group') {
    const ids =
      change.kind === 'group' ? (model.groups.find((g) => g.id === change.id)?.componentIds ?? []) : [change.id];
    const names = (componentIds: string[]) => componentIds.some((c) => ids.includes(c));
    return [
      ...model.maintenances.filter((m) => names(m.componentIds)).flatMap((m) => localized(`/maintenance/${m.id}/`)),
      ...model.notices.filter((n) => names(n.componentIds)).flatMap((n) => localized(`/notices/${n.id}/`)),
    ];
  }
  return [];
}
