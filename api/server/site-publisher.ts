import { maintenanceWakeAt } from '../core/queries/maintenance-wake.ts';
import { nextServiceLevelChangeAt } from '../core/queries/service-levels.ts';
import type { SiteSettings } from '../core/settings.ts';
import { buildDocuments } from '../publish/documents/index.ts';
import type { PublisherDeps } from '../publish/publisher.ts';
import type { WakeSource } from './clock.ts';
import { pageLocalsFor } from './page-locals.ts';

/**
 * What every publisher of this site is given besides its model, renderer, store and clock. The
 * server and the DR export both take it from here, so an export is what the server serves.
 */
export function siteContent(settings: SiteSettings): Pick<PublisherDeps, 'settings' | 'documents' | 'pageLocals'> {
  return {
    settings,
    documents: (model, now, scope, abandoned) =>
      buildDocuments({ model, now, siteUrl: settings.siteUrl }, scope, abandoned),
    pageLocals: pageLocalsFor(settings),
  };
}

/** When time alone next changes a published page: the publish clock's sources, for the server and the export. */
export function wakeSources(settings: SiteSettings): WakeSource[] {
  return [(model, at) => nextServiceLevelChangeAt(model, settings.serviceLevels, at), maintenanceWakeAt];
}
