import type { ComponentStatus, IncidentImpact, Indicator } from './vocab.ts';

/**
 * Explicit rank of how broken a component is. `under_maintenance` is not on this scale: it is
 * planned, so it is handled as its own branch (an outage during maintenance is still an outage).
 */
const BROKEN_RANK = {
  operational: 0,
  degraded_performance: 1,
  partial_outage: 2,
  major_outage: 3,
} as const satisfies Record<Exclude<ComponentStatus, 'under_maintenance'>, number>;

type BrokenStatus = keyof typeof BROKEN_RANK;

const IMPACT_RANK = { none: 0, minor: 1, major: 2, critical: 3 } as const satisfies Record<IncidentImpact, number>;

/** Worst of several statuses for one component: any breakage beats maintenance, maintenance beats operational. */
export function worstComponentStatus(statuses: Iterable<ComponentStatus>): ComponentStatus {
  let worst: BrokenStatus = 'operational';
  let maintenance = false;
  for (const s of statuses) {
    if (s === 'under_maintenance') maintenance = true;
    else if (BROKEN_RANK[s] > BROKEN_RANK[worst]) worst = s;
  }
  if (worst === 'operational' && maintenance) return 'under_maintenance';
  return worst;
}

export function worstImpact(impacts: Iterable<IncidentImpact>): IncidentImpact {
  let worst: IncidentImpact = 'none';
  for (const i of impacts) if (IMPACT_RANK[i] > IMPACT_RANK[worst]) worst = i;
  return worst;
}

/** The component status an outage of this size maps to on the overall indicator (Statuspage's mapping). */
const INDICATOR_OF_STATUS = {
  operational: 'none',
  degraded_performance: 'minor',
  partial_outage: 'major',
  major_outage: 'critical',
} as const satisfies Record<BrokenStatus, IncidentImpact>;

/**
 * Overall indicator for the page: worst of the component statuses and the impacts of unresolved
 * incidents; `maintenance` only when something is under maintenance and nothing is broken.
 */
export function rollupIndicator(input: {
  componentStatuses: Iterable<ComponentStatus>;
  unresolvedImpacts?: Iterable<IncidentImpact>;
}): Indicator {
  const worstStatus = worstComponentStatus(input.componentStatuses);
  const fromComponents: IncidentImpact =
    worstStatus === 'under_maintenance' ? 'none' : INDICATOR_OF_STATUS[worstStatus];
  const worst = worstImpact([fromComponents, ...(input.unresolvedImpacts ?? [])]);
  if (worst === 'none' && worstStatus === 'under_maintenance') return 'maintenance';
  return worst;
}

/** Statuspage's English descriptions of the indicator; clients match on these strings. */
export const INDICATOR_DESCRIPTION = {
  none: 'All Systems Operational',
  minor: 'Minor Service Outage',
  major: 'Partial System Outage',
  critical: 'Major Service Outage',
  maintenance: 'Service Under Maintenance',
} as const satisfies Record<Indicator, string>;
