import type { Change } from '../core/change.ts';
import type { SiteModel } from '../core/model.ts';
import { isUnresolved } from '../core/vocab.ts';
import { localized } from './localized.ts';

const SERVICE_LEVEL_PAGES = ['/service-levels/', '/service-levels/promises/'] as const;

export function serviceLevelPageRoutes(): string[] {
  return SERVICE_LEVEL_PAGES.flatMap(localized);
}

/**
 * The service-level pages are figures over every incident, maintenance and component, and they
 * go stale with time (updates falling due, the desk opening and closing), so every change
 * republishes them. Time also makes an active incident's "next update by" late on its own page.
 */
export function serviceLevelAffectedRoutes(change: Change, model: SiteModel): string[] {
  const routes = serviceLevelPageRoutes();
  if (change.kind === 'clock') {
    for (const incident of model.incidents)
      if (isUnresolved(incident.status)) routes.push(...localized(`/incidents/${incident.id}/`));
  }
  return routes;
}
