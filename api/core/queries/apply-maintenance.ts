import { componentsUnderMaintenance, withMaintenance } from '../maintenance/components.ts';
import type { MaintenanceView, NoticeView } from '../maintenance/types.ts';
import type { SiteModel } from '../model.ts';
import { rollupIndicator } from '../severity.ts';
import { isUnresolved } from '../vocab.ts';

/**
 * The site model with planned maintenance folded in: components of a maintenance in progress or
 * verifying show `under_maintenance` unless an incident (or the operator) says worse, and the
 * indicator becomes `maintenance` when maintenance is all that is going on.
 */
export function applyMaintenance(
  model: SiteModel,
  input: { maintenances: MaintenanceView[]; notices: NoticeView[]; now: Date },
): SiteModel {
  const { maintenances, notices, now } = input;
  const underMaintenance = componentsUnderMaintenance(maintenances, now);
  const components = model.components.map((c) => {
    const status = withMaintenance(c.id, [c.status], underMaintenance);
    return status === c.status ? c : { ...c, status };
  });
  const indicator = rollupIndicator({
    componentStatuses: components.map((c) => c.status),
    unresolvedImpacts: model.incidents.filter((i) => isUnresolved(i.status)).map((i) => i.impact),
  });
  const times = [...maintenances, ...notices].map((r) => r.updatedAt.getTime());
  return {
    ...model,
    updatedAt: new Date(Math.max(model.updatedAt.getTime(), ...times)),
    indicator,
    components,
    maintenances,
    notices,
  };
}
