import type { ComponentView, GroupView, IncidentUpdateView, IncidentView } from '../../core/model.ts';
import { nextUpdateAt } from '../../core/service-levels/cadence.ts';
import { toIsoOffsetOrNull } from '../../core/time.ts';

/** Shirase's own `/api/v1` representations: snake_case, ISO 8601 with the page's offset, bilingual text side by side. */
const iso = toIsoOffsetOrNull;

export function presentComponent(c: ComponentView) {
  return {
    id: c.id,
    name: c.name,
    name_en: c.nameEn,
    description: c.description,
    description_en: c.descriptionEn,
    group_id: c.groupId,
    position: c.position,
    status: c.status,
    manual_status: c.manualStatus,
    showcase: c.showcase,
    only_show_if_degraded: c.onlyShowIfDegraded,
    start_date: c.startDate,
    created_at: iso(c.createdAt),
    updated_at: iso(c.updatedAt),
  };
}

export function presentGroup(g: GroupView) {
  return {
    id: g.id,
    name: g.name,
    name_en: g.nameEn,
    description: g.description,
    description_en: g.descriptionEn,
    position: g.position,
    components: g.componentIds,
    created_at: iso(g.createdAt),
    updated_at: iso(g.updatedAt),
  };
}

function presentUpdate(u: IncidentUpdateView) {
  return {
    id: u.id,
    status: u.status,
    body: u.body,
    body_en: u.bodyEn,
    created_at: iso(u.createdAt),
    display_at: iso(u.displayAt),
    edited_at: iso(u.editedAt ?? null),
    components: u.components.map((c) => ({ component_id: c.componentId, status: c.status, old_status: c.oldStatus })),
  };
}

/**
 * `next_update_at` is the time the pages show: the operator's promise, or the configured interval
 * after the latest post when none was given; null once resolved.
 */
export function presentIncident(i: IncidentView, options: { baseUrl: string; intervalMinutes: number }) {
  return {
    id: i.id,
    name: i.name,
    name_en: i.nameEn,
    status: i.status,
    impact: i.impact,
    detected_at: iso(i.detectedAt),
    created_at: iso(i.createdAt),
    updated_at: iso(i.updatedAt),
    monitoring_at: iso(i.monitoringAt),
    resolved_at: iso(i.resolvedAt),
    next_update_at: iso(
      nextUpdateAt(i, { intervalMinutes: options.intervalMinutes, operatorNextUpdateAt: i.nextUpdateAt }),
    ),
    url: `${options.baseUrl}/incidents/${i.id}`,
    components: i.componentIds,
    updates: i.updates.map(presentUpdate),
  };
}
