export * from './types.ts';
export { addCalendarMonths, wholeCalendarMonths } from './calendar-months.ts';
export { wallClockToInstant, instantToWallClock, type WallClock } from './wall-clock.ts';
export {
  DEFAULT_STANDING_WINDOW,
  parseRecurrenceRule,
  parseStandingWindow,
  standingWindowConfig,
  type StandingWindowConfig,
} from './window-config.ts';
export {
  expandOccurrences,
  occurrencesToPublish,
  occurrenceWindow,
  publishHorizon,
  PUBLISH_MARGIN_MONTHS,
  type Occurrence,
} from './recurrence.ts';
export {
  activeSpan,
  maintenancePhases,
  maintenanceStatus,
  nextTransitionAt,
  type MaintenancePhases,
} from './status.ts';
export { componentsUnderMaintenance, withMaintenance } from './components.ts';
export {
  isoDuration,
  LEAD_TIME_POLICY,
  leadTimePolicy,
  parseLeadTimePolicy,
  type LeadTimePolicy,
  type LeadTimeRule,
} from './lead-time-policy.ts';
export {
  checkLeadTime,
  LEAD_TIME_FIELD,
  measureLeadTime,
  type LeadTime,
  type LeadTimeAccepted,
  type LeadTimeInput,
} from './lead-time.ts';
export { complianceRow, type ComplianceRow } from './compliance.ts';
export type { EditResult } from './edits.ts';
export { reschedule, type RescheduleInput } from './reschedule.ts';
export { cancel } from './cancel.ts';
export { extend } from './extend.ts';
export { finishEarly, recordStart, startVerifying } from './progress.ts';
