import type { ComponentView, IncidentUpdateView, IncidentView } from '../core/model.ts';
import type { MaintenanceView, NoticeView } from '../core/maintenance/types.ts';
import type { SiteSettings } from '../core/settings.ts';
import type { ComponentStatus, Indicator, Lang } from '../core/vocab.ts';

/**
 * What customers (registered contacts, subscribers, webhook endpoints) and operators are told
 * about (issue 11, "What triggers a message"). One event is one thing that happened; a recipient
 * hears of it at most once (the delivery's idempotency key is the event id with the recipient).
 */
export type NotificationKind =
  | 'incident.created'
  | 'incident.updated'
  | 'incident.resolved'
  | 'maintenance.announced'
  | 'maintenance.reminder'
  | 'maintenance.started'
  | 'maintenance.completed'
  | 'maintenance.rescheduled'
  | 'maintenance.extended'
  | 'maintenance.cancelled'
  | 'notice.announced'
  | 'notice.reminder'
  | 'component.status_changed'
  /** To the operators on duty only: an incident's promised update fell due without one. */
  | 'incident.update_overdue';

/**
 * The subject as it stood when the event happened: a message or payload is made from this
 * snapshot alone, never from the database at sending time (a later update must not change what
 * an earlier event said).
 */
export type NotificationSubject =
  | {
      type: 'incident';
      incident: IncidentView;
      /** The update this event is about (created, updated, resolved); absent for `update_overdue`. */
      update?: IncidentUpdateView;
      /** When the promised update fell due (`incident.update_overdue`). */
      dueAt?: Date;
    }
  | {
      type: 'maintenance';
      maintenance: MaintenanceView;
      /** For `maintenance.reminder`: how long before the start this reminder is, in minutes (0 = at the start). */
      reminderMinutes?: number;
      /** For `maintenance.rescheduled` and `maintenance.extended`: the window before the change. */
      previous?: { scheduledFor: Date; scheduledUntil: Date };
    }
  | {
      type: 'notice';
      notice: NoticeView;
      /** For `notice.reminder`: how long before the effective date, in minutes. */
      reminderMinutes?: number;
    }
  | {
      type: 'component';
      component: ComponentView;
      oldStatus: ComponentStatus;
      newStatus: ComponentStatus;
    };

export interface NotificationEvent {
  /** Unique and stable (a retry of the same event keeps it). */
  id: string;
  kind: NotificationKind;
  occurredAt: Date;
  subject: NotificationSubject;
  /** The components it concerns: a recipient registered for some components hears only of these. Empty: site-wide. */
  componentIds: string[];
}

/** What every message needs besides its event: where the site is, its components' names, who to ask. */
export interface NotificationContext {
  settings: Pick<SiteSettings, 'siteUrl' | 'contact'>;
  /** The whole catalogue, for components' names in both languages (an event names them by id). */
  components: ComponentView[];
  /** The page's overall status when the event happened (Statuspage's `page.status_indicator`). */
  indicator: Indicator;
}

/** A recipient's language: the site's two (core/vocab.ts). */
export type { Lang };

/**
 * What one attempt to deliver one event to one recipient came to, whatever the channel (e-mail,
 * webhook): the outbox retries a `temporary` failure with backoff and quarantines the recipient
 * after a `permanent` one. `detail` is for operators (the server's answer), never shown to customers.
 */
export type DeliveryResult =
  | { outcome: 'delivered'; detail: string }
  | { outcome: 'temporary'; detail: string; retryAfterMs?: number }
  | { outcome: 'permanent'; detail: string };
