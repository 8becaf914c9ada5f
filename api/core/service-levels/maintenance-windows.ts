import { maintenancePhases } from '../maintenance/status.ts';
import type { MaintenanceTiming } from '../maintenance/types.ts';
import type { MaintenanceWindow } from './ledger.ts';

/**
 * The windows that are not planned service time, from the published maintenance (one-off and
 * occurrences of the standing window). A cancelled one never was planned downtime. Otherwise the
 * window runs from the actual start (an operator's recorded start, else the scheduled one) to the
 * completion, as `activeSpan` does, but without clipping at `now`: the part still ahead is
 * announced, so it is already known not to be service time, and the running month's error budget
 * is based on the whole month's planned time. Measurement itself stops at `now` (see the ledger).
 */
export function maintenanceWindows(
  maintenances: ReadonlyArray<MaintenanceTiming & { componentIds: readonly string[] }>,
): MaintenanceWindow[] {
  const out: MaintenanceWindow[] = [];
  for (const m of maintenances) {
    const phases = maintenancePhases(m);
    if (phases.cancelled || phases.completedAt <= phases.start || m.componentIds.length === 0) continue;
    out.push({ componentIds: [...m.componentIds], start: phases.start, end: phases.completedAt });
  }
  return out;
}
