import type { SiteModel } from '../../../core/model.ts';
import { isUnresolved } from '../../../core/vocab.ts';
import { componentObjects } from './components.ts';
import { incidentObject, type MappingContext } from './incidents.ts';
import type { MaintenanceInput } from './maintenance-input.ts';
import { byNewestWindow, scheduledMaintenanceObject } from './maintenances.ts';
import { baseUrlOf, pageObject, pageUpdatedAt, statusObject } from './page.ts';
import type { StatuspageDocuments, StatuspagePage } from './shapes.ts';

/** "the 50 most recent" (statuspage-v2.md), for incidents and scheduled maintenances alike. */
const LIST_LIMIT = 50;

/**
 * The bodies of all eight `/api/v2/*.json` endpoints, keyed by path. Pure: the same model,
 * maintenances and `now` always give the same documents. Only Japanese primary text is used;
 * translations and other Shirase-only data stay in Shirase's own API.
 */
export function buildStatuspageDocuments(
  model: SiteModel,
  page: StatuspagePage,
  maintenances: readonly MaintenanceInput[],
  now: Date,
): StatuspageDocuments {
  const ctx: MappingContext = {
    pageId: page.id,
    baseUrl: baseUrlOf(page),
    componentsById: new Map(model.components.map((c) => [c.id, c])),
  };
  const pageObj = pageObject(page, pageUpdatedAt(model, maintenances, now));
  const status = statusObject(model);
  const components = componentObjects(model, page.id);

  // The model keeps incidents newest first.
  const incidents = model.incidents.slice(0, LIST_LIMIT).map((i) => incidentObject(i, ctx));
  const unresolved = model.incidents.filter((i) => isUnresolved(i.status)).map((i) => incidentObject(i, ctx));

  const sorted = [...maintenances].sort(byNewestWindow);
  const toObjects = (list: readonly MaintenanceInput[]) =>
    list.slice(0, LIST_LIMIT).map((m) => scheduledMaintenanceObject(m, ctx));
  const upcoming = toObjects(sorted.filter((m) => m.status === 'scheduled'));
  const active = toObjects(sorted.filter((m) => m.status === 'in_progress' || m.status === 'verifying'));
  const current = toObjects(sorted.filter((m) => m.status !== 'completed'));

  return {
    '/api/v2/summary.json': {
      page: pageObj,
      status,
      components,
      incidents: unresolved,
      scheduled_maintenances: current,
    },
    '/api/v2/status.json': { page: pageObj, status },
    '/api/v2/components.json': { page: pageObj, components },
    '/api/v2/incidents.json': { page: pageObj, incidents },
    '/api/v2/incidents/unresolved.json': { page: pageObj, incidents: unresolved },
    '/api/v2/scheduled-maintenances.json': { page: pageObj, scheduled_maintenances: toObjects(sorted) },
    '/api/v2/scheduled-maintenances/upcoming.json': { page: pageObj, scheduled_maintenances: upcoming },
    '/api/v2/scheduled-maintenances/active.json': { page: pageObj, scheduled_maintenances: active },
  };
}
