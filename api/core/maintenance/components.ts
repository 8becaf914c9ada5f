import { worstComponentStatus } from '../severity.ts';
import type { ComponentStatus } from '../vocab.ts';
import { maintenanceStatus } from './status.ts';
import { isActiveMaintenance, type MaintenanceTiming } from './types.ts';

/** Ids of the components under maintenance at `now`: those of every maintenance in progress or verifying. */
export function componentsUnderMaintenance(
  maintenances: Iterable<MaintenanceTiming & { componentIds: readonly string[] }>,
  now: Date,
): ReadonlySet<string> {
  const ids = new Set<string>();
  for (const m of maintenances) {
    if (isActiveMaintenance(maintenanceStatus(m, now))) {
      for (const id of m.componentIds) ids.add(id);
    }
  }
  return ids;
}

/** A component's shown status: its incident and manual statuses, plus maintenance; a breakage beats maintenance. */
export function withMaintenance(
  componentId: string,
  statuses: Iterable<ComponentStatus>,
  underMaintenance: ReadonlySet<string>,
): ComponentStatus {
  const all = [...statuses];
  if (underMaintenance.has(componentId)) all.push('under_maintenance');
  return worstComponentStatus(all);
}
