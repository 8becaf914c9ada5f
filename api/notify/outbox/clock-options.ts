/**
 * What the clock's events are told by (reminders, overdue alerts), apart from the code that makes
 * them (clock-events.ts): the configuration reads the defaults at start-up, before the database
 * layer is loaded.
 */

export interface ClockEventOptions {
  /** Minutes before a maintenance's start to remind of it (issue 11's defaults: 7 days, 1 day); its start is `maintenance.started`. */
  maintenanceReminders: number[];
  /** Minutes before a notice takes effect to remind of it. */
  noticeReminders: number[];
  /** How long before an incident's promised update falls due the operators are told (before the page says late). */
  overdueLeadMinutes: number;
  /** The configured update interval (UPDATE_INTERVAL_MINUTES), for incidents without a promise. */
  updateIntervalMinutes: number;
  /**
   * A moment further back than this is not told: a server down for a week, or a first start on
   * years of history, does not send every start and end it slept through.
   */
  catchUpMinutes: number;
}

export const DEFAULT_CLOCK_EVENTS: ClockEventOptions = {
  maintenanceReminders: [7 * 1440, 1440],
  noticeReminders: [7 * 1440, 1440],
  overdueLeadMinutes: 5,
  updateIntervalMinutes: 30,
  catchUpMinutes: 6 * 60,
};
