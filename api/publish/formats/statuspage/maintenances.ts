import { toIsoOffset } from '../../../core/time.ts';
import { componentsFor, type MappingContext } from './incidents.ts';
import type { MaintenanceInput, MaintenanceUpdateInput, StatuspageMaintenanceStatus } from './maintenance-input.ts';
import type { IncidentUpdateObject, ScheduledMaintenanceObject } from './shapes.ts';

function maintenanceUpdateObject(
  u: MaintenanceUpdateInput,
  maintenanceId: string,
): IncidentUpdateObject<StatuspageMaintenanceStatus> {
  return {
    id: u.id,
    status: u.status,
    body: u.body,
    incident_id: maintenanceId,
    created_at: toIsoOffset(u.createdAt),
    updated_at: toIsoOffset(u.createdAt),
    display_at: toIsoOffset(u.createdAt),
    affected_components: null,
    deliver_notifications: true,
    custom_tweet: null,
    tweet_id: null,
  };
}

/** When it completed, if the maintenance model knows; else when the first `completed` word was posted; failing that, the end of the window. */
function resolvedAt(m: MaintenanceInput): Date | null {
  if (m.status !== 'completed') return null;
  if (m.completedAt) return m.completedAt;
  const completed = m.updates.filter((u) => u.status === 'completed').at(-1);
  return completed ? completed.createdAt : m.scheduledUntil;
}

/**
 * A scheduled_maintenance: every incident field plus the window. Statuspage has no monitoring
 * phase for maintenance, so `monitoring_at` is always null; `started_at` is the window's start.
 */
export function scheduledMaintenanceObject(m: MaintenanceInput, ctx: MappingContext): ScheduledMaintenanceObject {
  const resolved = resolvedAt(m);
  return {
    id: m.id,
    name: m.name,
    status: m.status,
    created_at: toIsoOffset(m.createdAt),
    updated_at: toIsoOffset(m.updatedAt),
    monitoring_at: null,
    resolved_at: resolved ? toIsoOffset(resolved) : null,
    impact: 'maintenance',
    shortlink: `${ctx.baseUrl}/maintenance/${encodeURIComponent(m.id)}`,
    started_at: toIsoOffset(m.scheduledFor),
    page_id: ctx.pageId,
    incident_updates: m.updates.map((u) => maintenanceUpdateObject(u, m.id)),
    components: componentsFor(m.componentIds, ctx),
    scheduled_for: toIsoOffset(m.scheduledFor),
    scheduled_until: toIsoOffset(m.scheduledUntil),
  };
}

/** Newest window first; ties by creation, then id, so the order never depends on input order. */
export function byNewestWindow(a: MaintenanceInput, b: MaintenanceInput): number {
  return (
    b.scheduledFor.getTime() - a.scheduledFor.getTime() ||
    b.createdAt.getTime() - a.createdAt.getTime() ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}
