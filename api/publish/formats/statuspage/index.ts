export { buildStatuspageDocuments } from './documents.ts';
export type { MaintenanceInput } from './maintenance-input.ts';
export { STATUSPAGE_PATHS } from './shapes.ts';
export { maintenanceInputs } from './from-maintenance.ts';
