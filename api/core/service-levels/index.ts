export { componentIntervals, type NonOperationalStatus, type StatusInterval } from './intervals.ts';
export { resolutionTime } from './resolution.ts';
export { overlapMs, subtractSpans, unionSpans, type Span } from './spans.ts';
export { SWEEP_RANK, worstStatusTimeline, type StatusSegment } from './timeline.ts';
export { periodContaining, periodOf, periodsEndingAt, periodsWithin, type Period, type PeriodKind } from './periods.ts';
export {
  buildAvailabilityLedger,
  type AvailabilityLedger,
  type ComponentLedger,
  type MaintenanceWindow,
  type MeasuredComponent,
} from './ledger.ts';
export {
  measureComponent,
  measurePeriod,
  type Availability,
  type AvailabilityOptions,
  type PeriodAvailability,
} from './availability.ts';
export {
  monthlyServiceLevel,
  serviceLevel,
  SERVICE_LEVEL_STATUSES,
  type PeriodServiceLevel,
  type ServiceLevel,
  type ServiceLevelStatus,
  type ServiceLevelOptions,
} from './service-level.ts';
export { dailyBars, type ComponentBars, type DayBar } from './bars.ts';
export { incidentResponseFigures, type IncidentResponseFigures } from './response.ts';
export { updateCadenceFigures, type CadenceFigures } from './cadence-figures.ts';
export { nextUpdateDue, type CadenceOptions, type UpdateDue } from './cadence.ts';
export {
  DEFAULT_SUPPORT_DESK,
  SupportDeskConfigSchema,
  WEEKDAYS,
  parseSupportDeskConfig,
  type SupportDeskConfig,
  type Weekday,
} from './support-desk-config.ts';
export { openingIntervals, supportStatus, type OpeningInterval, type SupportStatus } from './support-desk.ts';
