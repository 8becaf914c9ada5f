import { sql } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { loadIncident } from '../../core/queries/incident.ts';
import { loadMaintenances } from '../../core/queries/maintenance-model.ts';
import { nextUpdateDue } from '../../core/service-levels/cadence.ts';
import { UNRESOLVED_INCIDENT_STATUSES } from '../../core/vocab.ts';
import type { NotificationEvent } from '../events.ts';
import { maintenanceEvent } from './command-events.ts';
import { enqueueEvent } from './enqueue.ts';
import { type ClockEventOptions, DEFAULT_CLOCK_EVENTS } from './clock-options.ts';

export { type ClockEventOptions, DEFAULT_CLOCK_EVENTS } from './clock-options.ts';

const MINUTE = 60_000;

/**
 * The reminder due at `now` among `offsets` before `at`: only the latest one passed (a reminder
 * missed while the server was down gives way to the next), and none that would precede the
 * announcement itself (a maintenance announced 2 days ahead gets no 7-day reminder).
 */
export function dueReminder(at: Date, announcedAt: Date, offsets: number[], now: Date): number | null {
  const passed = offsets.filter((m) => {
    const moment = at.getTime() - m * MINUTE;
    return moment <= now.getTime() && now < at && moment > announcedAt.getTime();
  });
  return passed.length ? Math.min(...passed) : null;
}

/**
 * Enqueues what the clock alone causes: maintenance reminders, starts and ends, notice reminders,
 * and the operators' alert before an incident's promised update is late. Every id is derived from
 * the record and the moment, so running this every minute, after a restart or on two instances at
 * once, enqueues each event once (enqueueEvent's ON CONFLICT DO NOTHING). Returns how many it added.
 */
export async function enqueueClockEvents(
  db: Db,
  now: Date,
  options: ClockEventOptions = DEFAULT_CLOCK_EVENTS,
): Promise<number> {
  const events: NotificationEvent[] = [];
  const recent = (at: Date) => at <= now && now.getTime() - at.getTime() <= options.catchUpMinutes * MINUTE;
  const { maintenances, notices } = await loadMaintenances({ db, now });
  for (const m of maintenances) {
    if (m.status === 'cancelled') continue;
    const reminder =
      m.status === 'scheduled' ? dueReminder(m.scheduledFor, m.announcedAt, options.maintenanceReminders, now) : null;
    if (reminder !== null)
      events.push({
        id: `maintenance.reminder:${m.id}:${m.sequence}:${reminder}`,
        kind: 'maintenance.reminder',
        occurredAt: now,
        subject: { type: 'maintenance', maintenance: m, reminderMinutes: reminder },
        componentIds: m.componentIds,
      });
    const startedAt = m.overrides.startedAt ?? m.scheduledFor;
    if (m.status !== 'scheduled' && recent(startedAt))
      events.push(maintenanceEvent('maintenance.started', m, startedAt));
    const endedAt = m.overrides.finishedAt ?? m.overrides.extendedUntil ?? m.scheduledUntil;
    if (m.status === 'completed' && recent(endedAt)) events.push(maintenanceEvent('maintenance.completed', m, endedAt));
  }
  for (const n of notices) {
    if (n.withdrawnAt) continue;
    const reminder = dueReminder(n.effectiveAt, n.announcedAt, options.noticeReminders, now);
    if (reminder !== null)
      events.push({
        id: `notice.reminder:${n.id}:${n.effectiveAt.getTime()}:${reminder}`,
        kind: 'notice.reminder',
        occurredAt: now,
        subject: { type: 'notice', notice: n, reminderMinutes: reminder },
        componentIds: n.componentIds,
      });
  }
  events.push(...(await overdueAlerts(db, now, options)));
  let added = 0;
  for (const event of events) if (await enqueueEvent(db, event)) added += 1;
  return added;
}

/** Unresolved incidents whose next update falls due within the lead: one alert per due time. */
async function overdueAlerts(db: Db, now: Date, options: ClockEventOptions): Promise<NotificationEvent[]> {
  const unresolved = sql.raw(UNRESOLVED_INCIDENT_STATUSES.map((s) => `'${s}'`).join(','));
  const result = await db.execute<{ id: string }>(sql`
    select i.id from incidents i
    where (select u.status from incident_updates u where u.incident_id = i.id order by u.seq desc limit 1) in (${unresolved})`);
  const ids = ((result as { rows?: { id: string }[] }).rows ?? (result as unknown as { id: string }[])).map(
    (r) => r.id,
  );
  const alerts: NotificationEvent[] = [];
  for (const id of ids) {
    const incident = await loadIncident({ db, now, id });
    const due = nextUpdateDue(
      incident,
      { intervalMinutes: options.updateIntervalMinutes, operatorNextUpdateAt: incident.nextUpdateAt },
      now,
    );
    if (!due || now.getTime() < due.dueAt.getTime() - options.overdueLeadMinutes * MINUTE) continue;
    alerts.push({
      id: `incident.update_overdue:${id}:${due.dueAt.getTime()}`,
      kind: 'incident.update_overdue',
      occurredAt: now,
      subject: { type: 'incident', incident, dueAt: due.dueAt },
      componentIds: incident.componentIds,
    });
  }
  return alerts;
}
