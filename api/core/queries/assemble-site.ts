import type { SiteModel } from '../model.ts';
import type { SiteSettings } from '../settings.ts';
import { applyMaintenance } from './apply-maintenance.ts';
import { assembleMaintenances, type MaintenanceRows } from './assemble-maintenance.ts';
import { assembleFromIncidents, type BuiltIncident, type SiteRows } from './assemble.ts';
import { maintenanceWakeAt } from './maintenance-wake.ts';
import { nextServiceLevelChangeAt } from './service-levels.ts';

/**
 * The tables read whole at every publish: groups, components, maintenances and notices. A few
 * hundred rows however long the history (the incidents are what grows).
 */
export interface SmallTables extends Pick<SiteRows, 'groups' | 'components'> {
  maintenanceRows: MaintenanceRows;
}

/**
 * The model from the small tables and every built incident. Free of the database, so that the
 * render thread, which keeps the built incidents between publishes, derives the model there.
 */
export function assembleSite(small: SmallTables, built: readonly BuiltIncident[], now: Date): SiteModel {
  // One order whatever the rows' order in the table (a patched set keeps none): updates of two
  // incidents at the same instant are replayed in it when components' `updated_at` is derived.
  const ordered = built.toSorted((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : 1));
  const model = assembleFromIncidents(small, ordered, now);
  return applyMaintenance(model, { ...assembleMaintenances(small.maintenanceRows, now), now });
}

/** The next instant after `now` at which time alone makes a published file wrong; null = never by itself. */
export type WakeSource = (model: SiteModel, now: Date) => Date | null;

/**
 * What changes pages with time alone: service levels (an update falls due, the support desk opens,
 * a day begins) and maintenances (a window opens, a notice takes effect). Here rather than with the
 * server, so that the render thread, which holds the model, can say when the publish clock wakes.
 */
export function siteWakeSources(settings: Pick<SiteSettings, 'serviceLevels'>): WakeSource[] {
  return [(model, at) => nextServiceLevelChangeAt(model, settings.serviceLevels, at), maintenanceWakeAt];
}

/** The earliest instant after the model's reading at which a source says time changes a page; null: none does. */
export function nextWakeAt(model: SiteModel, sources: readonly WakeSource[]): Date | null {
  const now = model.generatedAt;
  const times = sources
    .map((source) => source(model, now)?.getTime())
    .filter((t): t is number => t !== undefined && t > now.getTime());
  return times.length ? new Date(Math.min(...times)) : null;
}
