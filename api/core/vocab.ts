/**
 * Every status vocabulary of Shirase, as data. Types and validators derive from these arrays;
 * this file imports nothing so that any layer (core, HTTP, site, scripts) may use it.
 * The component and incident words are Statuspage's, exactly (shared/docs/statuspage-v2.md).
 */
export const COMPONENT_STATUSES = [
  'operational',
  'degraded_performance',
  'partial_outage',
  'major_outage',
  'under_maintenance',
] as const;
export type ComponentStatus = (typeof COMPONENT_STATUSES)[number];

export const INCIDENT_STATUSES = ['investigating', 'identified', 'monitoring', 'resolved', 'postmortem'] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

/** An incident counts as active (unresolved) while its latest update has one of these. */
export const UNRESOLVED_INCIDENT_STATUSES = [
  'investigating',
  'identified',
  'monitoring',
] as const satisfies readonly IncidentStatus[];

export const INCIDENT_IMPACTS = ['none', 'minor', 'major', 'critical'] as const;
export type IncidentImpact = (typeof INCIDENT_IMPACTS)[number];

/** The rollup indicator: the impacts plus `maintenance` while maintenance runs and nothing is broken. */
export const INDICATORS = ['none', 'minor', 'major', 'critical', 'maintenance'] as const;
export type Indicator = (typeof INDICATORS)[number];

export const LANGS = ['ja', 'en'] as const;
export type Lang = (typeof LANGS)[number];

export function isUnresolved(status: IncidentStatus): boolean {
  return (UNRESOLVED_INCIDENT_STATUSES as readonly IncidentStatus[]).includes(status);
}
