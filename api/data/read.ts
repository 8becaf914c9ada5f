import { asc, isNotNull } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import {
  componentGroups,
  components,
  contacts,
  incidentEdits,
  incidentUpdateComponents,
  incidents,
  incidentUpdates,
  maintenanceComponents,
  maintenanceHistory,
  maintenances,
  maintenanceUpdates,
  noticeComponents,
  noticeHistory,
  notices,
  subscribers,
  webhooks,
} from '../../db/schema/index.ts';
import { toIsoOffset, toIsoOffsetOrNull } from '../core/time.ts';
import type { ShiraseData } from './format.ts';

/** Every record of the file but its envelope, as the database holds it now. */
export type DataRecords = Omit<ShiraseData, 'format' | 'version' | 'exported_at'>;

// The API's spelling: the page's offset and milliseconds (`2026-11-30T10:00:00.000+09:00`).
const iso = (d: Date) => toIsoOffset(d);
const isoOrNull = toIsoOffsetOrNull;

function groupBy<T, K>(rows: T[], key: (row: T) => K): Map<K, T[]> {
  const out = new Map<K, T[]>();
  for (const row of rows) {
    const list = out.get(key(row));
    if (list) list.push(row);
    else out.set(key(row), [row]);
  }
  return out;
}

/**
 * Reads the status data in a fixed order (position or time, then id; an incident's updates and
 * every history in the order they were recorded), so that two exports of the same data are the
 * same bytes. The personal records only when `personal`.
 */
export async function readRecords(db: Db, personal: boolean): Promise<DataRecords> {
  const [groupRows, componentRows] = await Promise.all([
    db.select().from(componentGroups).orderBy(asc(componentGroups.position), asc(componentGroups.id)),
    db.select().from(components).orderBy(asc(components.position), asc(components.id)),
  ]);
  const records: DataRecords = {
    component_groups: groupRows.map((g) => ({
      id: g.id,
      name: g.name,
      name_en: g.nameEn,
      description: g.description,
      description_en: g.descriptionEn,
      position: g.position,
      created_at: iso(g.createdAt),
      updated_at: iso(g.updatedAt),
    })),
    components: componentRows.map((c) => ({
      id: c.id,
      group_id: c.groupId,
      name: c.name,
      name_en: c.nameEn,
      description: c.description,
      description_en: c.descriptionEn,
      position: c.position,
      status: c.status,
      showcase: c.showcase,
      only_show_if_degraded: c.onlyShowIfDegraded,
      start_date: c.startDate,
      created_at: iso(c.createdAt),
      updated_at: iso(c.updatedAt),
    })),
    incidents: await readIncidents(db),
    maintenances: await readMaintenances(db),
    notices: await readNotices(db),
  };
  if (personal) Object.assign(records, await readPersonal(db, new Set(componentRows.map((c) => c.id))));
  return records;
}

async function readIncidents(db: Db): Promise<DataRecords['incidents']> {
  const [rows, updateRows, componentRows, editRows] = await Promise.all([
    db.select().from(incidents).orderBy(asc(incidents.createdAt), asc(incidents.id)),
    db.select().from(incidentUpdates).orderBy(asc(incidentUpdates.seq)),
    db
      .select()
      .from(incidentUpdateComponents)
      .orderBy(asc(incidentUpdateComponents.updateId), asc(incidentUpdateComponents.componentId)),
    db.select().from(incidentEdits).orderBy(asc(incidentEdits.seq)),
  ]);
  const updatesOf = groupBy(updateRows, (u) => u.incidentId);
  const componentsOf = groupBy(componentRows, (c) => c.updateId);
  const editsOf = groupBy(editRows, (e) => e.incidentId);
  return rows.map((i) => ({
    id: i.id,
    name: i.name,
    name_en: i.nameEn,
    impact: i.impact,
    detected_at: iso(i.detectedAt),
    created_at: iso(i.createdAt),
    updated_at: iso(i.updatedAt),
    next_update_at: isoOrNull(i.nextUpdateAt),
    updates: (updatesOf.get(i.id) ?? []).map((u) => ({
      id: u.id,
      status: u.status,
      body: u.body,
      body_en: u.bodyEn,
      created_at: iso(u.createdAt),
      display_at: iso(u.displayAt),
      next_update_at: isoOrNull(u.nextUpdateAt),
      edited_at: isoOrNull(u.editedAt),
      components: Object.fromEntries((componentsOf.get(u.id) ?? []).map((c) => [c.componentId, c.status])),
    })),
    edits: (editsOf.get(i.id) ?? []).map((e) => ({
      id: e.id,
      kind: e.kind,
      update_id: e.updateId,
      at: iso(e.at),
      by: e.by,
      reason: e.reason,
      changes: e.changes as DataRecords['incidents'][number]['edits'][number]['changes'],
    })),
  }));
}

async function readMaintenances(db: Db): Promise<DataRecords['maintenances']> {
  const [rows, componentRows, updateRows, historyRows] = await Promise.all([
    db.select().from(maintenances).orderBy(asc(maintenances.scheduledFor), asc(maintenances.id)),
    db
      .select()
      .from(maintenanceComponents)
      .orderBy(asc(maintenanceComponents.maintenanceId), asc(maintenanceComponents.componentId)),
    db.select().from(maintenanceUpdates).orderBy(asc(maintenanceUpdates.seq)),
    db.select().from(maintenanceHistory).orderBy(asc(maintenanceHistory.seq)),
  ]);
  const componentsOf = groupBy(componentRows, (c) => c.maintenanceId);
  const updatesOf = groupBy(updateRows, (u) => u.maintenanceId);
  const historyOf = groupBy(historyRows, (h) => h.maintenanceId);
  return rows.map((m) => ({
    id: m.id,
    occurrence_key: m.occurrenceKey,
    series_id: m.seriesId,
    title: m.title,
    title_en: m.titleEn,
    body: m.body,
    body_en: m.bodyEn,
    scheduled_for: iso(m.scheduledFor),
    scheduled_until: iso(m.scheduledUntil),
    announced_at: iso(m.announcedAt),
    short_notice_reason: m.shortNoticeReason,
    sequence: m.sequence,
    started_at: isoOrNull(m.startedAt),
    verifying_at: isoOrNull(m.verifyingAt),
    finished_at: isoOrNull(m.finishedAt),
    extended_until: isoOrNull(m.extendedUntil),
    cancelled_at: isoOrNull(m.cancelledAt),
    cancel_reason: m.cancelReason,
    created_at: iso(m.createdAt),
    updated_at: iso(m.updatedAt),
    components: (componentsOf.get(m.id) ?? []).map((c) => c.componentId),
    updates: (updatesOf.get(m.id) ?? []).map((u) => ({
      id: u.id,
      status: u.status,
      body: u.body,
      body_en: u.bodyEn,
      created_at: iso(u.createdAt),
      display_at: iso(u.displayAt),
    })),
    history: (historyOf.get(m.id) ?? []).map((h) => ({
      id: h.id,
      kind: h.kind,
      at: iso(h.at),
      by: h.by,
      reason: h.reason,
      old_start: iso(h.oldStart),
      old_end: iso(h.oldEnd),
      new_start: isoOrNull(h.newStart),
      new_end: isoOrNull(h.newEnd),
    })),
  }));
}

async function readNotices(db: Db): Promise<DataRecords['notices']> {
  const [rows, componentRows, historyRows] = await Promise.all([
    db.select().from(notices).orderBy(asc(notices.effectiveAt), asc(notices.id)),
    db.select().from(noticeComponents).orderBy(asc(noticeComponents.noticeId), asc(noticeComponents.componentId)),
    db.select().from(noticeHistory).orderBy(asc(noticeHistory.seq)),
  ]);
  const componentsOf = groupBy(componentRows, (c) => c.noticeId);
  const historyOf = groupBy(historyRows, (h) => h.noticeId);
  return rows.map((n) => ({
    id: n.id,
    kind: n.kind,
    title: n.title,
    title_en: n.titleEn,
    body: n.body,
    body_en: n.bodyEn,
    effective_at: iso(n.effectiveAt),
    announced_at: iso(n.announcedAt),
    short_notice_reason: n.shortNoticeReason,
    created_at: iso(n.createdAt),
    updated_at: iso(n.updatedAt),
    withdrawn_at: isoOrNull(n.withdrawnAt),
    withdraw_reason: n.withdrawReason,
    components: (componentsOf.get(n.id) ?? []).map((c) => c.componentId),
    history: (historyOf.get(n.id) ?? []).map((h) => ({
      id: h.id,
      kind: h.kind,
      at: iso(h.at),
      by: h.by,
      reason: h.reason,
      changes: h.changes as DataRecords['notices'][number]['history'][number]['changes'],
    })),
  }));
}

/**
 * Contacts, confirmed subscribers and webhooks: never a token hash or a signing secret. Their
 * component lists are not foreign keys and may still name a component deleted since; such an id
 * names nothing and is left out, so the file's references all hold.
 */
async function readPersonal(
  db: Db,
  existing: ReadonlySet<string>,
): Promise<Required<Pick<DataRecords, 'contacts' | 'subscribers' | 'webhooks'>>> {
  const [contactRows, subscriberRows, webhookRows] = await Promise.all([
    db.select().from(contacts).orderBy(asc(contacts.createdAt), asc(contacts.id)),
    db
      .select()
      .from(subscribers)
      .where(isNotNull(subscribers.confirmedAt))
      .orderBy(asc(subscribers.createdAt), asc(subscribers.id)),
    db.select().from(webhooks).orderBy(asc(webhooks.createdAt), asc(webhooks.id)),
  ]);
  const known = (ids: string[] | null) => ids?.filter((id) => existing.has(id)) ?? null;
  return {
    contacts: contactRows.map((c) => ({
      id: c.id,
      email: c.email,
      name: c.name,
      language: c.language,
      components: known(c.components),
      quarantined_at: isoOrNull(c.quarantinedAt),
      created_at: iso(c.createdAt),
    })),
    subscribers: subscriberRows.map((s) => ({
      id: s.id,
      email: s.email,
      language: s.language,
      components: known(s.components),
      kinds: s.kinds,
      confirmed_at: iso(s.confirmedAt!),
      quarantined_at: isoOrNull(s.quarantinedAt),
      created_at: iso(s.createdAt),
    })),
    webhooks: webhookRows.map((w) => ({
      id: w.id,
      url: w.url,
      components: known(w.components),
      format: w.format,
      language: w.language,
      quarantined_at: isoOrNull(w.quarantinedAt),
      created_at: iso(w.createdAt),
    })),
  };
}
