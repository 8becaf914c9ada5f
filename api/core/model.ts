import type { MaintenanceView, NoticeView } from './maintenance/types.ts';
import type { ComponentStatus, IncidentImpact, IncidentStatus, Indicator } from './vocab.ts';

/**
 * The read model every public surface is built from (pages, /api/v2, feeds, calendars).
 * Produced by `queries/site-model.ts`; pure builders take it and `now`, never the database.
 */
export interface GroupView {
  id: string;
  name: string;
  nameEn: string | null;
  description: string | null;
  descriptionEn: string | null;
  position: number;
  createdAt: Date;
  updatedAt: Date;
  componentIds: string[];
}

export interface ComponentView {
  id: string;
  groupId: string | null;
  name: string;
  nameEn: string | null;
  description: string | null;
  descriptionEn: string | null;
  position: number;
  /** What an operator set by hand. */
  manualStatus: ComponentStatus;
  /** What the page shows: worst of the manual status and every unresolved incident's latest word on it. */
  status: ComponentStatus;
  showcase: boolean;
  onlyShowIfDegraded: boolean;
  startDate: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface ComponentChange {
  componentId: string;
  /** The status this update set. */
  status: ComponentStatus;
  /** The status the same incident had set before (or `operational` for its first word on it). */
  oldStatus: ComponentStatus;
}

export interface IncidentUpdateView {
  id: string;
  incidentId: string;
  status: IncidentStatus;
  body: string;
  bodyEn: string | null;
  createdAt: Date;
  displayAt: Date;
  components: ComponentChange[];
  /** The next update this post promised; null or absent when it promised none (the default interval applies). */
  nextUpdateAt?: Date | null;
  /** When the operator last corrected this post's text; null or absent when never. */
  editedAt?: Date | null;
}

export interface IncidentView {
  id: string;
  name: string;
  nameEn: string | null;
  impact: IncidentImpact;
  /** The latest update's status (ties broken by insertion order). */
  status: IncidentStatus;
  detectedAt: Date;
  createdAt: Date;
  updatedAt: Date;
  monitoringAt: Date | null;
  resolvedAt: Date | null;
  /** Newest first. */
  updates: IncidentUpdateView[];
  /** Every component any update named, in the order first named. */
  componentIds: string[];
  /** When the operator promised the next update, if they set one (else the default cadence applies). */
  nextUpdateAt: Date | null;
  /**
   * The e-mails about it (issue 11): when the SMTP server first accepted one (null: none yet, or
   * none ever: pending, failed, quarantined). Absent when it had no e-mail recipient at all.
   * Read with the model only (queries/first-email.ts); notification snapshots do not carry it.
   */
  emailNotice?: { firstDeliveredAt: Date | null };
}

/** Records only: the settings they are measured against (`SiteSettings`) travel beside the model, never on it. */
export interface SiteModel {
  /** When this model was read: pages show it as "last updated". */
  generatedAt: Date;
  /** Latest change to any published record. */
  updatedAt: Date;
  indicator: Indicator;
  groups: GroupView[];
  /** Sorted by group position, then position, then name. */
  components: ComponentView[];
  /** Newest first (by createdAt, then id). */
  incidents: IncidentView[];
  /** Planned maintenance (one-off and occurrences of the standing window), by start. */
  maintenances: MaintenanceView[];
  /** Published notices (maintenance, termination, change), newest announcement first. */
  notices: NoticeView[];
}
