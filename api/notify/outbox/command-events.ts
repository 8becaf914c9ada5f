import { eq } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { components } from '../../../db/schema/index.ts';
import { newId } from '../../core/ids.ts';
import type { MaintenanceView, NoticeView } from '../../core/maintenance/types.ts';
import { loadIncident } from '../../core/queries/incident.ts';
import { assembleFromIncidents } from '../../core/queries/assemble.ts';
import type { ComponentStatus } from '../../core/vocab.ts';
import type { NotificationEvent, NotificationKind } from '../events.ts';
import { readUnresolvedIncidents } from '../unresolved-incidents.ts';
import { enqueueEvent } from './enqueue.ts';

/**
 * The events the operators' commands cause, each enqueued with the command's own transaction
 * (`tx`) and its snapshot read from the rows that transaction has just written. Maintenance and
 * notice events have deterministic ids (a maintenance's SEQUENCE bumps with every change of its
 * window), because the clock (clock-events.ts) reports some of the same moments: a maintenance
 * finished early by an operator is not completed a second time when its window ends.
 *
 * Commands that tell no one: an incident's correction (a fixed typo is not news, and a message
 * per fix would bury the ones that are); a maintenance's own update post and its move to verifying
 * (the event type has no kind for them; customers hear when it completes); a notice's amended
 * wording or withdrawal (not among issue 11's triggers). A postponed notice is announced again.
 */

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
type IncidentKind = Extract<NotificationKind, 'incident.created' | 'incident.updated' | 'incident.resolved'>;

export async function enqueueIncidentEvent(
  tx: Db | Tx,
  { now, kind, incidentId, updateId }: { now: Date; kind: IncidentKind; incidentId: string; updateId: string },
): Promise<void> {
  const incident = await loadIncident({ db: tx as Db, now, id: incidentId });
  const update = incident.updates.find((u) => u.id === updateId);
  await enqueueEvent(tx, {
    id: `${kind}:${updateId}`,
    kind,
    occurredAt: now,
    subject: { type: 'incident', incident, ...(update && { update }) },
    componentIds: incident.componentIds,
  });
}

type MaintenanceKind = Extract<
  NotificationKind,
  | 'maintenance.announced'
  | 'maintenance.started'
  | 'maintenance.completed'
  | 'maintenance.rescheduled'
  | 'maintenance.extended'
  | 'maintenance.cancelled'
>;

/** `before` gives the window as it was, for a rescheduled or extended maintenance. */
export function maintenanceEvent(
  kind: MaintenanceKind,
  maintenance: MaintenanceView,
  occurredAt: Date,
  before?: MaintenanceView,
): NotificationEvent {
  const previous =
    before && (kind === 'maintenance.rescheduled' || kind === 'maintenance.extended')
      ? { scheduledFor: before.scheduledFor, scheduledUntil: before.overrides.extendedUntil ?? before.scheduledUntil }
      : undefined;
  return {
    id: `${kind}:${maintenance.id}:${maintenance.sequence}`,
    kind,
    occurredAt,
    subject: { type: 'maintenance', maintenance, ...(previous && { previous }) },
    componentIds: maintenance.componentIds,
  };
}

export function noticeEvent(notice: NoticeView, occurredAt: Date): NotificationEvent {
  return {
    id: `notice.announced:${notice.id}:${notice.effectiveAt.getTime()}`,
    kind: 'notice.announced',
    occurredAt,
    subject: { type: 'notice', notice },
    componentIds: notice.componentIds,
  };
}

/** An operator's change of a component's status; the snapshot carries the status the page shows. */
export async function enqueueComponentEvent(
  tx: Db | Tx,
  {
    now,
    componentId,
    oldStatus,
    newStatus,
  }: { now: Date; componentId: string; oldStatus: ComponentStatus; newStatus: ComponentStatus },
): Promise<void> {
  // The shown status is the worst of the manual one and the unresolved incidents' latest word on
  // it: assembleFromIncidents derives it from those rows alone, not from the whole site model.
  const [row] = await (tx as Db).select().from(components).where(eq(components.id, componentId));
  if (!row) return;
  const built = await readUnresolvedIncidents(tx as Db);
  const [component] = assembleFromIncidents({ groups: [], components: [row] }, built, now).components;
  if (!component) return;
  await enqueueEvent(tx, {
    id: `component.status_changed:${componentId}:${newId()}`,
    kind: 'component.status_changed',
    occurredAt: now,
    subject: { type: 'component', component, oldStatus, newStatus },
    componentIds: [componentId],
  });
}
