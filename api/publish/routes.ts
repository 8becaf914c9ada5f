import type { SiteModel } from '../core/model.ts';
import { toLocalMonth } from '../core/time.ts';
import { incidentIndex } from '../core/queries/incident-index.ts';
import type { Change } from '../core/change.ts';
import { historyPageCount, historyPagePath } from './history-pages.ts';
import { localized } from './localized.ts';
import { publicInterfacePageRoutes } from './public-interface-routes.ts';
import { serviceLevelAffectedRoutes, serviceLevelPageRoutes } from './service-level-routes.ts';
import { maintenanceAffectedRoutes, maintenancePageRoutes } from './maintenance-routes.ts';

/** The page customers frame in their portals: the home page's headline and active incidents, small. */
const EMBED_STATUS = '/embed/status.html';
/** The publish clock wakes at least once a JST day (a new day's bar), so a month's start is always seen within one. */
const DAY_MS = 24 * 60 * 60 * 1000;

/** Every page of the public site for this model. */
export function allPageRoutes(model: SiteModel): string[] {
  return [
    '/404.html',
    ...localized('/'),
    ...localized(EMBED_STATUS),
    ...historyPageRoutes(model),
    ...model.incidents.flatMap((i) => localized(`/incidents/${i.id}/`)),
    ...publicInterfacePageRoutes(),
    ...serviceLevelPageRoutes(),
    ...maintenancePageRoutes(model),
    // The e-mail sign-up lists the components: a change to them changes pageFrameKey, which republishes every page.
    ...localized('/subscribe/'),
    ...localized('/subscribe/sent/'),
  ];
}

/**
 * The pages a change can alter. Home pages (and the embeddable status) show every component and active incident; an
 * incident also appears on its own page and its month's history; a renamed component is named on
 * the pages of incidents that touched it.
 */
export function affectedPageRoutes(changes: Change[], model: SiteModel): string[] {
  const routes = new Set<string>([...localized('/'), ...localized(EMBED_STATUS)]);
  for (const change of changes) {
    if (change.kind === 'incident') {
      const incident = incidentIndex(model).byId.get(change.id);
      addAll(routes, localized(`/incidents/${change.id}/`));
      addAll(routes, localized('/history/'));
      // Every page of its month: an incident added or removed shifts the ones after it.
      if (incident) addAll(routes, monthPageRoutes(model, toLocalMonth(incident.createdAt)));
      // A deleted incident's month is no longer known: every month's history may have listed it.
      else addAll(routes, historyPageRoutes(model));
    } else if (change.kind === 'clock') {
      // A month began within the day: every history page lists the months, and the new one's page is new.
      if (toLocalMonth(new Date(model.generatedAt.getTime() - DAY_MS)) !== toLocalMonth(model.generatedAt))
        addAll(routes, historyPageRoutes(model));
    } else if (change.kind === 'component' || change.kind === 'group') {
      const componentIds =
        change.kind === 'group' ? (model.groups.find((g) => g.id === change.id)?.componentIds ?? []) : [change.id];
      for (const incident of model.incidents)
        if (incident.componentIds.some((c) => componentIds.includes(c)))
          addAll(routes, localized(`/incidents/${incident.id}/`));
    }
    addAll(routes, serviceLevelAffectedRoutes(change, model));
    addAll(routes, maintenanceAffectedRoutes(change, model));
  }
  return [...routes];
}

/** `/history/` and every month's pages, in both languages. */
function historyPageRoutes(model: SiteModel): string[] {
  return [...localized('/history/'), ...incidentIndex(model).months.flatMap((m) => monthPageRoutes(model, m))];
}

/**
 * What every page shows besides its own content: the footer's feeds by service name each
 * component, in the site's order. When it changes (a component created, renamed, moved), every page
 * changes, whatever the write that changed it; the publisher compares it from one publish to the next.
 */
export function pageFrameKey(model: SiteModel): string {
  return JSON.stringify(model.components.map((c) => [c.id, c.name, c.nameEn]));
}

/** The pages of one month's incident history, in both languages. */
function monthPageRoutes(model: SiteModel, month: string): string[] {
  const count = incidentIndex(model).byMonth.get(month)?.length ?? 0;
  return Array.from({ length: historyPageCount(count) }, (_, n) => localized(historyPagePath(month, n + 1))).flat();
}

function addAll(routes: Set<string>, more: Iterable<string>): void {
  for (const r of more) routes.add(r);
}
