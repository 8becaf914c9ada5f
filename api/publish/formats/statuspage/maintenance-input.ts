/**
 * What the Statuspage mapper needs to know about a planned maintenance. The maintenance model
 * (api/core/maintenance/) is richer; whoever reads it translates into this shape, including
 * deriving `status` from the window and `now` and choosing what to do with statuses Statuspage
 * has no word for (a cancelled maintenance has none: leave it out or end it as `completed`).
 */
export type StatuspageMaintenanceStatus = 'scheduled' | 'in_progress' | 'verifying' | 'completed';

export interface MaintenanceUpdateInput {
  id: string;
  status: StatuspageMaintenanceStatus;
  /** Markdown, Japanese (the page's primary language). */
  body: string;
  createdAt: Date;
}

export interface MaintenanceInput {
  id: string;
  /** Japanese (the page's primary language). */
  name: string;
  status: StatuspageMaintenanceStatus;
  scheduledFor: Date;
  scheduledUntil: Date;
  createdAt: Date;
  updatedAt: Date;
  componentIds: string[];
  /** When it completed, if known (finished early, or the end of an extended window); else the first `completed` update or the window's end. */
  completedAt?: Date | null;
  /** Newest first. */
  updates: MaintenanceUpdateInput[];
}
