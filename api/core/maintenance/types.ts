/**
 * Planned maintenance and notices, as read models. Every field maps to a column (or a child
 * table: history, updates) so that a query can fill these from database rows; `status` is the
 * one exception — it is derived from the window, the overrides and `now` (see status.ts).
 */
export const MAINTENANCE_STATUSES = ['scheduled', 'in_progress', 'verifying', 'completed', 'cancelled'] as const;
export type MaintenanceStatus = (typeof MAINTENANCE_STATUSES)[number];

const ACTIVE_MAINTENANCE_STATUSES: readonly MaintenanceStatus[] = ['in_progress', 'verifying'];

/** While a maintenance is in progress or verifying, its components are under maintenance. */
export function isActiveMaintenance(status: MaintenanceStatus): boolean {
  return ACTIVE_MAINTENANCE_STATUSES.includes(status);
}

export const NOTICE_KINDS = ['maintenance', 'termination', 'change'] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];

/** The kinds an operator posts as a notice; a maintenance is announced by its own record. */
export const NOTICE_RECORD_KINDS = ['termination', 'change'] as const satisfies readonly NoticeKind[];
export type NoticeRecordKind = (typeof NOTICE_RECORD_KINDS)[number];

/** What operators recorded by hand; each is null until they act. Times are when they acted. */
export interface MaintenanceOverrides {
  /** Work began at this time instead of `scheduledFor` (earlier or later). */
  startedAt: Date | null;
  /** Work is done and being checked from this time; the maintenance stays active until it completes. */
  verifyingAt: Date | null;
  /** Finished early: completed at this time instead of at the end of the window. */
  finishedAt: Date | null;
  /** The window now ends here instead of `scheduledUntil`. */
  extendedUntil: Date | null;
  cancelledAt: Date | null;
  cancelReason: string | null;
}

export const NO_OVERRIDES: MaintenanceOverrides = Object.freeze({
  startedAt: null,
  verifyingAt: null,
  finishedAt: null,
  extendedUntil: null,
  cancelledAt: null,
  cancelReason: null,
});

export const MAINTENANCE_CHANGE_KINDS = ['rescheduled', 'extended', 'cancelled'] as const;
export type MaintenanceChangeKind = (typeof MAINTENANCE_CHANGE_KINDS)[number];

/** One change to a published window; `newStart`/`newEnd` are null for a cancellation. */
export interface MaintenanceHistoryEntry {
  kind: MaintenanceChangeKind;
  at: Date;
  /** Operator id (or `system` for the standing-window publisher). */
  by: string;
  reason: string;
  oldStart: Date;
  oldEnd: Date;
  newStart: Date | null;
  newEnd: Date | null;
}

export interface MaintenanceUpdateView {
  id: string;
  maintenanceId: string;
  status: MaintenanceStatus;
  body: string;
  bodyEn: string | null;
  createdAt: Date;
  displayAt: Date;
}

/** The window and overrides: all that status derivation needs. */
export interface MaintenanceTiming {
  scheduledFor: Date;
  scheduledUntil: Date;
  overrides: MaintenanceOverrides;
}

export interface MaintenanceView extends MaintenanceTiming {
  id: string;
  title: string;
  titleEn: string | null;
  /** Markdown. */
  body: string;
  bodyEn: string | null;
  componentIds: string[];
  /** Derived from the window, the overrides and `now`. */
  status: MaintenanceStatus;
  /** When the current window was published (a reschedule re-announces it). */
  announcedAt: Date;
  /** Published with less notice than the policy asks, on purpose; the reason is shown with it. */
  shortNotice: boolean;
  shortNoticeReason: string | null;
  /** The standing window's id for its occurrences; null for a one-off. */
  seriesId: string | null;
  /** iCalendar SEQUENCE: starts at 0, +1 whenever the window changes or is cancelled. */
  sequence: number;
  createdAt: Date;
  updatedAt: Date;
  /** Newest first. */
  history: MaintenanceHistoryEntry[];
  /** Newest first. */
  updates: MaintenanceUpdateView[];
}

/** A termination or change notice. A maintenance is announced by its own record (MaintenanceView), never by a notice. */
export interface NoticeView {
  id: string;
  kind: NoticeRecordKind;
  title: string;
  titleEn: string | null;
  /** Markdown. */
  body: string;
  bodyEn: string | null;
  /** When the maintenance starts, the service ends, or the change takes effect. */
  effectiveAt: Date;
  announcedAt: Date;
  componentIds: string[];
  shortNotice: boolean;
  shortNoticeReason: string | null;
  createdAt: Date;
  updatedAt: Date;
  /** When it was withdrawn; a withdrawn notice stays listed, marked, with `withdrawReason`. */
  withdrawnAt?: Date | null;
  withdrawReason?: string | null;
}
