import type { NotificationContext, NotificationEvent } from '../../api/notify/events.ts';
import { CANCELLED, TERMINATION, UPCOMING } from '../fixtures/public-model.ts';
import { COMPONENTS, HOSTILE, NOW, UNRESOLVED } from './statuspage/fixture.ts';

/**
 * One event of each subject for the webhook tests, made from the Statuspage fixture page
 * (hostile text in incident names and bodies, a component name and notice titles).
 */
export const CONTEXT: NotificationContext = {
  settings: {
    siteUrl: 'https://status.example.jp',
    contact: { phone: null, email: 'support@example.jp', formUrl: null },
  },
  components: COMPONENTS,
  indicator: 'major',
};

export const INCIDENT_UPDATED: NotificationEvent = {
  id: 'evt_incident_updated',
  kind: 'incident.updated',
  occurredAt: UNRESOLVED.updates[0]!.createdAt,
  subject: { type: 'incident', incident: UNRESOLVED, update: UNRESOLVED.updates[0]! },
  componentIds: UNRESOLVED.componentIds,
};

export const MAINTENANCE_ANNOUNCED: NotificationEvent = {
  id: 'evt_maintenance_announced',
  kind: 'maintenance.announced',
  occurredAt: UPCOMING.announcedAt,
  subject: { type: 'maintenance', maintenance: UPCOMING },
  componentIds: UPCOMING.componentIds,
};

export const MAINTENANCE_CANCELLED: NotificationEvent = {
  id: 'evt_maintenance_cancelled',
  kind: 'maintenance.cancelled',
  occurredAt: CANCELLED.overrides.cancelledAt!,
  subject: { type: 'maintenance', maintenance: CANCELLED },
  componentIds: CANCELLED.componentIds,
};

const TRADE = COMPONENTS.find((c) => c.id === 'cmp_trade')!;

export const COMPONENT_CHANGED: NotificationEvent = {
  id: 'evt_component_changed',
  kind: 'component.status_changed',
  occurredAt: NOW,
  subject: {
    type: 'component',
    component: { ...TRADE, status: 'major_outage' },
    oldStatus: 'operational',
    newStatus: 'major_outage',
  },
  componentIds: [TRADE.id],
};

export const NOTICE_ANNOUNCED: NotificationEvent = {
  id: 'evt_notice_announced',
  kind: 'notice.announced',
  occurredAt: TERMINATION.announcedAt,
  subject: { type: 'notice', notice: { ...TERMINATION, body: `${TERMINATION.body} ${HOSTILE.link} ${HOSTILE.html}` } },
  componentIds: TERMINATION.componentIds,
};

export const EVENTS = [
  INCIDENT_UPDATED,
  MAINTENANCE_ANNOUNCED,
  MAINTENANCE_CANCELLED,
  COMPONENT_CHANGED,
  NOTICE_ANNOUNCED,
];
