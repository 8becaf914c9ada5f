import { and, eq, inArray, min, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { deliveries, notificationEvents } from '../../../db/schema/index.ts';
import type { IncidentView } from '../model.ts';

/**
 * The events that tell customers of an incident (`incident.update_overdue` goes to the operators on
 * duty: it is no notice). The outbox worker's wiring uses the same list (api/server/notify-service.ts).
 */
export const INCIDENT_NOTICE_KINDS: readonly string[] = ['incident.created', 'incident.updated', 'incident.resolved'];

/** The incident an outbox event is about: its subject snapshot (api/notify/outbox/command-events.ts). */
const subjectIncidentId = sql<string>`${notificationEvents.subject}->'incident'->>'id'`;

/**
 * Per incident that had an e-mail recipient: when the SMTP server first accepted an e-mail about it
 * (null when none was accepted). Incidents absent from the map had no e-mail delivery at all.
 * One grouped query, for every incident or those of `ids`.
 */
export async function readFirstEmails(db: Db, ids: readonly string[] | null): Promise<Map<string, Date | null>> {
  const rows = await db
    .select({ incidentId: subjectIncidentId, firstDeliveredAt: min(deliveries.deliveredAt) })
    .from(deliveries)
    .innerJoin(notificationEvents, eq(notificationEvents.id, deliveries.eventId))
    .where(
      and(
        eq(deliveries.channel, 'email'),
        inArray(notificationEvents.kind, [...INCIDENT_NOTICE_KINDS]),
        ids ? inArray(subjectIncidentId, [...ids]) : undefined,
      ),
    )
    .groupBy(subjectIncidentId);
  return new Map(rows.map((r) => [r.incidentId, r.firstDeliveredAt]));
}

/** The incidents with their `emailNotice` from `readFirstEmails`'s map (set in place: they are freshly built). */
export function withFirstEmails<T extends IncidentView>(incidents: T[], firstEmails: Map<string, Date | null>): T[] {
  for (const incident of incidents) {
    const first = firstEmails.get(incident.id);
    if (first !== undefined) incident.emailNotice = { firstDeliveredAt: first };
  }
  return incidents;
}
