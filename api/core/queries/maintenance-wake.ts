import { nextTransitionAt } from '../maintenance/status.ts';
import type { SiteModel } from '../model.ts';

/**
 * The next instant after `now` at which time alone changes what the maintenance and notice pages
 * say: a window opens, enters verification or closes (auto-start, auto-complete), or a notice
 * takes effect and leaves the "upcoming" list. Null when nothing is pending.
 */
export function maintenanceWakeAt(model: Pick<SiteModel, 'maintenances' | 'notices'>, now: Date): Date | null {
  const times = [
    ...model.maintenances.map((m) => nextTransitionAt(m, now)?.getTime()),
    ...model.notices.map((n) => n.effectiveAt.getTime()).filter((t) => t > now.getTime()),
  ].filter((t): t is number => t !== undefined);
  return times.length ? new Date(Math.min(...times)) : null;
}
