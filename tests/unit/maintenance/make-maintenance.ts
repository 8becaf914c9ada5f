import { maintenanceStatus, NO_OVERRIDES, type MaintenanceView } from '../../../api/core/maintenance/index.ts';

/** A published maintenance as a query would read it, 2026-07-15 02:00–04:00 JST unless overridden. */
export function makeMaintenance(
  fields: Partial<MaintenanceView> = {},
  now = new Date('2026-01-10T09:00:00+09:00'),
): MaintenanceView {
  const view: MaintenanceView = {
    id: 'mnt1',
    title: '定期メンテナンス',
    titleEn: 'Monthly scheduled maintenance',
    body: 'この間、サービスをご利用いただけない場合があります。',
    bodyEn: 'The service may be unavailable during this time.',
    componentIds: ['invoices', 'contracts'],
    scheduledFor: new Date('2026-07-15T02:00:00+09:00'),
    scheduledUntil: new Date('2026-07-15T04:00:00+09:00'),
    status: 'scheduled',
    announcedAt: new Date('2026-01-10T09:00:00+09:00'),
    shortNotice: false,
    shortNoticeReason: null,
    seriesId: null,
    sequence: 0,
    createdAt: new Date('2026-01-10T09:00:00+09:00'),
    updatedAt: new Date('2026-01-10T09:00:00+09:00'),
    overrides: NO_OVERRIDES,
    history: [],
    updates: [],
    ...fields,
  };
  return { ...view, status: maintenanceStatus(view, now) };
}
