import type { IncidentView } from '../model.ts';
import { isUnresolved } from '../vocab.ts';

/**
 * When the incident was resolved, or null while it is active. `resolvedAt` is authoritative; a
 * resolved incident without it (old imported data) falls back to its earliest `resolved` update,
 * so that it never counts as an outage running to `now`.
 */
export function resolutionTime(incident: IncidentView): Date | null {
  if (incident.resolvedAt) return incident.resolvedAt;
  if (isUnresolved(incident.status)) return null;
  let earliest: Date | null = null;
  for (const u of incident.updates) {
    if (u.status === 'resolved' && (!earliest || u.createdAt < earliest)) earliest = u.createdAt;
  }
  return earliest ?? incident.updatedAt;
}
