import type { ComponentStatus, IncidentImpact, IncidentStatus, Indicator } from '../../../core/vocab.ts';
import type { StatuspageMaintenanceStatus } from './maintenance-input.ts';

/**
 * The `/api/v2` objects, exactly as shared/docs/statuspage-v2.md lists them. Key order here is
 * the order the mappers write, so that golden files diff cleanly.
 */

/** The page a document describes; `url` is the origin root the API lives at. */
export interface StatuspagePage {
  id: string;
  name: string;
  url: string;
}

export interface PageObject {
  id: string;
  name: string;
  url: string;
  time_zone: string;
  updated_at: string;
}

export interface StatusObject {
  indicator: Indicator;
  description: string;
}

/** "Some readers decode strictly and reject unknown keys: add nothing else to a component." */
export interface ComponentObject {
  id: string;
  name: string;
  status: ComponentStatus;
  created_at: string;
  updated_at: string;
  position: number;
  description: string | null;
  showcase: boolean;
  start_date: string | null;
  group_id: string | null;
  page_id: string;
  group: boolean;
  only_show_if_degraded: boolean;
  /** Present on group rows only: their member ids. */
  components?: string[];
}

export interface AffectedComponent {
  code: string;
  name: string;
  old_status: ComponentStatus;
  new_status: ComponentStatus;
}

export interface IncidentUpdateObject<S extends string = IncidentStatus> {
  id: string;
  status: S;
  body: string;
  incident_id: string;
  created_at: string;
  updated_at: string;
  display_at: string;
  affected_components: AffectedComponent[] | null;
  deliver_notifications: boolean;
  custom_tweet: null;
  tweet_id: null;
}

export interface IncidentObject<S extends string = IncidentStatus, I extends string = IncidentImpact> {
  id: string;
  name: string;
  status: S;
  created_at: string;
  updated_at: string;
  monitoring_at: string | null;
  resolved_at: string | null;
  impact: I;
  shortlink: string;
  started_at: string;
  page_id: string;
  incident_updates: IncidentUpdateObject<S>[];
  components: ComponentObject[];
}

export interface ScheduledMaintenanceObject extends IncidentObject<StatuspageMaintenanceStatus, 'maintenance'> {
  scheduled_for: string;
  scheduled_until: string;
}

export interface StatuspageDocuments {
  '/api/v2/summary.json': {
    page: PageObject;
    status: StatusObject;
    components: ComponentObject[];
    incidents: IncidentObject[];
    scheduled_maintenances: ScheduledMaintenanceObject[];
  };
  '/api/v2/status.json': { page: PageObject; status: StatusObject };
  '/api/v2/components.json': { page: PageObject; components: ComponentObject[] };
  '/api/v2/incidents.json': { page: PageObject; incidents: IncidentObject[] };
  '/api/v2/incidents/unresolved.json': { page: PageObject; incidents: IncidentObject[] };
  '/api/v2/scheduled-maintenances.json': { page: PageObject; scheduled_maintenances: ScheduledMaintenanceObject[] };
  '/api/v2/scheduled-maintenances/upcoming.json': {
    page: PageObject;
    scheduled_maintenances: ScheduledMaintenanceObject[];
  };
  '/api/v2/scheduled-maintenances/active.json': {
    page: PageObject;
    scheduled_maintenances: ScheduledMaintenanceObject[];
  };
}

export type StatuspagePath = keyof StatuspageDocuments;

export const STATUSPAGE_PATHS = [
  '/api/v2/summary.json',
  '/api/v2/status.json',
  '/api/v2/components.json',
  '/api/v2/incidents.json',
  '/api/v2/incidents/unresolved.json',
  '/api/v2/scheduled-maintenances.json',
  '/api/v2/scheduled-maintenances/upcoming.json',
  '/api/v2/scheduled-maintenances/active.json',
] as const satisfies readonly StatuspagePath[];
