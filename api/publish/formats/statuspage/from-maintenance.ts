import { maintenancePhases, maintenanceStatus } from '../../../core/maintenance/status.ts';
import type { MaintenanceView } from '../../../core/maintenance/types.ts';
import type { MaintenanceInput, MaintenanceUpdateInput, StatuspageMaintenanceStatus } from './maintenance-input.ts';

const newestFirst = (a: MaintenanceUpdateInput, b: MaintenanceUpdateInput) =>
  b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);

/**
 * Shirase's maintenance as the Statuspage mapper wants it. Statuspage has no word for a cancelled
 * maintenance, so cancelled ones are left out (their announcement disappears, as on Statuspage
 * when a maintenance is deleted). The announcement text becomes the oldest `scheduled` update, as
 * Statuspage posts it, so that readers showing the latest update always have words to show.
 * Only Japanese text and the window go through: translations, short-notice reasons, series,
 * sequence numbers and history stay in Shirase's own API.
 */
export function maintenanceInputs(views: readonly MaintenanceView[], now: Date): MaintenanceInput[] {
  return views.flatMap((m): MaintenanceInput[] => {
    const status = maintenanceStatus(m, now);
    if (status === 'cancelled') return [];
    const announcement: MaintenanceUpdateInput = {
      id: `${m.id}-announced`,
      status: 'scheduled',
      body: m.body,
      createdAt: m.announcedAt,
    };
    const updates = m.updates.flatMap((u): MaintenanceUpdateInput[] =>
      u.status === 'cancelled'
        ? []
        : [{ id: u.id, status: u.status as StatuspageMaintenanceStatus, body: u.body, createdAt: u.createdAt }],
    );
    return [
      {
        id: m.id,
        name: m.title,
        status,
        scheduledFor: m.scheduledFor,
        scheduledUntil: m.overrides.extendedUntil ?? m.scheduledUntil,
        createdAt: m.createdAt,
        updatedAt: m.updatedAt,
        componentIds: [...m.componentIds],
        completedAt: status === 'completed' ? maintenancePhases(m).completedAt : null,
        updates: [...updates, announcement].sort(newestFirst),
      },
    ];
  });
}
