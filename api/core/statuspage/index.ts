export { buildStatuspageDocuments, LIST_LIMIT } from './documents.ts';
export { componentObject, componentObjects, groupObject } from './components.ts';
export { incidentObject, incidentUpdateObject } from './incidents.ts';
export { scheduledMaintenanceObject } from './maintenances.ts';
export {
  STATUSPAGE_MAINTENANCE_STATUSES,
  type MaintenanceInput,
  type MaintenanceUpdateInput,
  type StatuspageMaintenanceStatus,
} from './maintenance-input.ts';
export {
  STATUSPAGE_PATHS,
  type AffectedComponent,
  type ComponentObject,
  type IncidentObject,
  type IncidentUpdateObject,
  type PageObject,
  type ScheduledMaintenanceObject,
  type StatusObject,
  type StatuspageDocuments,
  type StatuspagePage,
  type StatuspagePath,
} from './shapes.ts';
export { maintenanceInputs } from './from-maintenance.ts';
