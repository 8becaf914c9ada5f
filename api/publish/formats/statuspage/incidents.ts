import type { ComponentChange, ComponentView, IncidentUpdateView, IncidentView } from '../../../core/model.ts';
import { toIsoOffset } from '../../../core/time.ts';
import { componentObject } from './components.ts';
import type { AffectedComponent, ComponentObject, IncidentObject, IncidentUpdateObject } from './shapes.ts';

/** What an incident or maintenance mapper needs besides the record itself. */
export interface MappingContext {
  pageId: string;
  /** The page's origin root, without a trailing slash. */
  baseUrl: string;
  componentsById: ReadonlyMap<string, ComponentView>;
}

/** Full component objects for ids, in the given order; ids no longer in the model are skipped. */
export function componentsFor(ids: readonly string[], ctx: MappingContext): ComponentObject[] {
  return ids.flatMap((id) => {
    const c = ctx.componentsById.get(id);
    return c ? [componentObject(c, ctx.pageId)] : [];
  });
}

function affectedComponents(changes: readonly ComponentChange[], ctx: MappingContext): AffectedComponent[] | null {
  const rows = changes.flatMap((change) => {
    const c = ctx.componentsById.get(change.componentId);
    return c ? [{ code: c.id, name: c.name, old_status: change.oldStatus, new_status: change.status }] : [];
  });
  return rows.length > 0 ? rows : null;
}

/** Shirase's updates are not edited in place, so `updated_at` is when the update was posted. */
function incidentUpdateObject(u: IncidentUpdateView, ctx: MappingContext): IncidentUpdateObject {
  return {
    id: u.id,
    status: u.status,
    body: u.body,
    incident_id: u.incidentId,
    created_at: toIsoOffset(u.createdAt),
    updated_at: toIsoOffset(u.createdAt),
    display_at: toIsoOffset(u.displayAt),
    affected_components: affectedComponents(u.components, ctx),
    deliver_notifications: true,
    custom_tweet: null,
    tweet_id: null,
  };
}

/** `started_at` is when the problem was detected, which may precede the first public post. */
export function incidentObject(i: IncidentView, ctx: MappingContext): IncidentObject {
  return {
    id: i.id,
    name: i.name,
    status: i.status,
    created_at: toIsoOffset(i.createdAt),
    updated_at: toIsoOffset(i.updatedAt),
    monitoring_at: i.monitoringAt ? toIsoOffset(i.monitoringAt) : null,
    resolved_at: i.resolvedAt ? toIsoOffset(i.resolvedAt) : null,
    impact: i.impact,
    shortlink: `${ctx.baseUrl}/incidents/${encodeURIComponent(i.id)}`,
    started_at: toIsoOffset(i.detectedAt),
    page_id: ctx.pageId,
    // The model keeps updates newest first, as the contract wants.
    incident_updates: i.updates.map((u) => incidentUpdateObject(u, ctx)),
    components: componentsFor(i.componentIds, ctx),
  };
}
