import type { IncidentUpdateView, IncidentView } from '../../api/core/model.ts';
import type { NoticeView } from '../../api/core/maintenance/types.ts';
import type {
  NotificationContext,
  NotificationEvent,
  NotificationKind,
  NotificationSubject,
} from '../../api/notify/events.ts';
import type { MailRecipient } from '../../api/notify/mail/message.ts';
import { settingsFrom, TEST_SITE_URL } from '../support/settings.ts';
import { makeMaintenance } from './maintenance/make-maintenance.ts';
import { makeComponent } from './service-levels/make-model.ts';

/** Events and recipients for the e-mail tests: one of each subject, at fixed times (JST in comments). */
export const AT = new Date('2026-12-01T07:24:00Z'); // 16:24 JST

export const COMPONENTS = [
  makeComponent('cmp_invoice', { name: '請求書', nameEn: 'Invoices', position: 0 }),
  makeComponent('cmp_contract', { name: '契約書', nameEn: null, position: 1 }),
  makeComponent('cmp_quote', { name: '見積書', nameEn: 'Quotes', position: 2 }),
];

export const CONTEXT: NotificationContext = {
  settings: {
    siteUrl: TEST_SITE_URL,
    contact: { ...settingsFrom().contact, email: 'support@example.jp', formUrl: 'https://example.jp/contact' },
  },
  components: COMPONENTS,
  indicator: 'major',
};

export function incident(fields: Partial<IncidentView> = {}, update: Partial<IncidentUpdateView> = {}) {
  const u: IncidentUpdateView = {
    id: 'upd_1',
    incidentId: 'inc_1',
    status: 'investigating',
    body: '請求書の発行ができない状態です。**調査中**です。',
    bodyEn: 'Invoices cannot be issued. We are **investigating**.',
    createdAt: AT,
    displayAt: AT,
    components: [{ componentId: 'cmp_invoice', status: 'major_outage', oldStatus: 'operational' }],
    ...update,
  };
  const view: IncidentView = {
    id: 'inc_1',
    name: '請求書の発行ができない',
    nameEn: 'Invoices cannot be issued',
    impact: 'major',
    status: u.status,
    detectedAt: AT,
    createdAt: AT,
    updatedAt: AT,
    monitoringAt: null,
    resolvedAt: null,
    updates: [u],
    componentIds: ['cmp_invoice'],
    nextUpdateAt: null,
    ...fields,
  };
  return { incident: view, update: u };
}

export const MAINTENANCE = makeMaintenance(
  {
    id: 'mnt_1',
    componentIds: ['cmp_invoice', 'cmp_contract'],
    scheduledFor: new Date('2026-12-15T17:00:00Z'), // 16日 02:00 JST
    scheduledUntil: new Date('2026-12-15T19:00:00Z'), // 04:00 JST
  },
  AT,
);

export const NOTICE: NoticeView = {
  id: 'ntc_1',
  kind: 'termination',
  title: '旧API（v1）の提供終了',
  titleEn: 'End of the old API (v1)',
  body: '2027年3月31日をもって旧APIの提供を終了します。',
  bodyEn: 'The old API will be shut down on 31 March 2027.',
  effectiveAt: new Date('2027-03-31T15:00:00Z'), // 4月1日 00:00 JST
  announcedAt: AT,
  componentIds: [],
  shortNotice: false,
  shortNoticeReason: null,
  createdAt: AT,
  updatedAt: AT,
};

/** A subject that fits `kind`, so every kind can be composed. */
export function subjectFor(kind: NotificationKind): NotificationSubject {
  if (kind.startsWith('incident.')) {
    const { incident: i, update } = incident();
    return kind === 'incident.update_overdue'
      ? { type: 'incident', incident: i, dueAt: new Date('2026-12-01T07:54:00Z') }
      : { type: 'incident', incident: i, update };
  }
  if (kind.startsWith('maintenance.'))
    return {
      type: 'maintenance',
      maintenance: MAINTENANCE,
      reminderMinutes: kind === 'maintenance.reminder' ? 7 * 1440 : undefined,
      previous:
        kind === 'maintenance.rescheduled'
          ? { scheduledFor: new Date('2026-12-08T17:00:00Z'), scheduledUntil: new Date('2026-12-08T19:00:00Z') }
          : undefined,
    };
  if (kind.startsWith('notice.')) return { type: 'notice', notice: NOTICE, reminderMinutes: 30 * 1440 };
  return { type: 'component', component: COMPONENTS[0]!, oldStatus: 'operational', newStatus: 'major_outage' };
}

export function event(kind: NotificationKind, subject = subjectFor(kind), id = `evt_${kind}`): NotificationEvent {
  const componentIds =
    subject.type === 'incident'
      ? subject.incident.componentIds
      : subject.type === 'maintenance'
        ? subject.maintenance.componentIds
        : subject.type === 'notice'
          ? subject.notice.componentIds
          : [subject.component.id];
  return { id, kind, occurredAt: AT, subject, componentIds };
}

export const CONTACT: MailRecipient = {
  kind: 'contact',
  email: 'admin@customer.example',
  name: '山田 太郎',
  lang: 'ja',
};
export const SUBSCRIBER: MailRecipient = {
  kind: 'subscriber',
  email: 'reader@customer.example',
  lang: 'en',
  manageUrl: `${TEST_SITE_URL}/en/subscribe/manage/?token=tok_manage`,
  unsubscribeUrl: `${TEST_SITE_URL}/api/v1/subscriptions/unsubscribe?token=tok_unsub`,
};
export const OPERATOR: MailRecipient = { kind: 'operator', email: 'oncall@example.jp', name: 'On-call', lang: 'ja' };
