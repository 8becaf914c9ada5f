import type { ComponentView, IncidentView, SiteModel } from '../../../api/core/model.ts';
import type { MaintenanceView } from '../../../api/core/maintenance/types.ts';
import { jst } from './make-incident.ts';

/** A component as the site model holds it, created on 2026-01-01 unless told otherwise. */
export function makeComponent(id: string, fields: Partial<ComponentView> = {}): ComponentView {
  return {
    id,
    groupId: null,
    name: id,
    nameEn: null,
    description: null,
    descriptionEn: null,
    position: 0,
    manualStatus: 'operational',
    status: 'operational',
    showcase: true,
    onlyShowIfDegraded: false,
    startDate: null,
    createdAt: jst('2026-01-01 00:00'),
    updatedAt: jst('2026-01-01 00:00'),
    ...fields,
  };
}

/** A site model with just what the service-level read model reads. */
export function makeModel(parts: {
  components: ComponentView[];
  incidents?: IncidentView[];
  maintenances?: MaintenanceView[];
  now: Date;
}): SiteModel {
  const incidents = [...(parts.incidents ?? [])].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
  return {
    generatedAt: parts.now,
    updatedAt: parts.now,
    indicator: 'none',
    groups: [],
    components: parts.components,
    incidents,
    maintenances: parts.maintenances ?? [],
    notices: [],
  };
}
