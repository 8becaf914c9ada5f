import { eq, inArray } from 'drizzle-orm';
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
import { newWebhookSecret } from '../notify/webhook/secret.ts';
import type { ShiraseData } from './format.ts';

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
type Records<K extends keyof ShiraseData> = NonNullable<ShiraseData[K]> extends (infer R)[] ? R[] : never;

const at = (s: string) => new Date(s);
const atOrNull = (s: string | null) => (s === null ? null : new Date(s));

/** Rows a few hundred at a time: one statement per row is slow on a long history, one for all may pass PostgreSQL's 65,535 parameters. */
async function insertAll<T>(rows: T[], insert: (chunk: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) await insert(rows.slice(i, i + 500));
}

const groupRow = (g: Records<'component_groups'>[number]) => ({
  id: g.id,
  name: g.name,
  nameEn: g.name_en,
  description: g.description,
  descriptionEn: g.description_en,
  position: g.position,
  createdAt: at(g.created_at),
  updatedAt: at(g.updated_at),
});

const componentRow = (c: Records<'components'>[number]) => ({
  id: c.id,
  groupId: c.group_id,
  name: c.name,
  nameEn: c.name_en,
  description: c.description,
  descriptionEn: c.description_en,
  position: c.position,
  status: c.status,
  showcase: c.showcase,
  onlyShowIfDegraded: c.only_show_if_degraded,
  startDate: c.start_date,
  createdAt: at(c.created_at),
  updatedAt: at(c.updated_at),
});

/** Component groups and components are updated in place: deleting one would take every incident's mention of it along. */
export async function writeCatalogue(
  tx: Tx,
  added: { groups: Records<'component_groups'>; components: Records<'components'> },
  replaced: { groups: Records<'component_groups'>; components: Records<'components'> },
): Promise<void> {
  await insertAll(added.groups.map(groupRow), (rows) => tx.insert(componentGroups).values(rows));
  for (const g of replaced.groups)
    await tx.update(componentGroups).set(groupRow(g)).where(eq(componentGroups.id, g.id));
  await insertAll(added.components.map(componentRow), (rows) => tx.insert(components).values(rows));
  for (const c of replaced.components) await tx.update(components).set(componentRow(c)).where(eq(components.id, c.id));
}

/** Incidents whole, with their updates in the order posted (the identity column then orders them as before). */
export async function writeIncidents(tx: Tx, list: Records<'incidents'>, replacing: string[]): Promise<void> {
  if (replacing.length) await tx.delete(incidents).where(inArray(incidents.id, replacing));
  await insertAll(
    list.map((i) => ({
      id: i.id,
      name: i.name,
      nameEn: i.name_en,
      impact: i.impact,
      detectedAt: at(i.detected_at),
      createdAt: at(i.created_at),
      updatedAt: at(i.updated_at),
      nextUpdateAt: atOrNull(i.next_update_at),
    })),
    (rows) => tx.insert(incidents).values(rows),
  );
  const updates = list.flatMap((i) => i.updates.map((u) => ({ incident: i.id, ...u })));
  await insertAll(
    updates.map((u) => ({
      id: u.id,
      incidentId: u.incident,
      status: u.status,
      body: u.body,
      bodyEn: u.body_en,
      createdAt: at(u.created_at),
      displayAt: at(u.display_at),
      nextUpdateAt: atOrNull(u.next_update_at),
      editedAt: atOrNull(u.edited_at),
    })),
    (rows) => tx.insert(incidentUpdates).values(rows),
  );
  await insertAll(
    updates.flatMap((u) =>
      Object.entries(u.components).map(([componentId, status]) => ({ updateId: u.id, componentId, status })),
    ),
    (rows) => tx.insert(incidentUpdateComponents).values(rows),
  );
  await insertAll(
    list.flatMap((i) =>
      i.edits.map((e) => ({
        id: e.id,
        incidentId: i.id,
        kind: e.kind,
        updateId: e.update_id,
        at: at(e.at),
        by: e.by,
        reason: e.reason,
        changes: e.changes as Record<string, { old: unknown; new: unknown }>,
      })),
    ),
    (rows) => tx.insert(incidentEdits).values(rows),
  );
}

export async function writeMaintenances(tx: Tx, list: Records<'maintenances'>, replacing: string[]): Promise<void> {
  if (replacing.length) await tx.delete(maintenances).where(inArray(maintenances.id, replacing));
  await insertAll(
    list.map((m) => ({
      id: m.id,
      occurrenceKey: m.occurrence_key,
      seriesId: m.series_id,
      title: m.title,
      titleEn: m.title_en,
      body: m.body,
      bodyEn: m.body_en,
      scheduledFor: at(m.scheduled_for),
      scheduledUntil: at(m.scheduled_until),
      announcedAt: at(m.announced_at),
      shortNotice: m.short_notice_reason !== null,
      shortNoticeReason: m.short_notice_reason,
      sequence: m.sequence,
      startedAt: atOrNull(m.started_at),
      verifyingAt: atOrNull(m.verifying_at),
      finishedAt: atOrNull(m.finished_at),
      extendedUntil: atOrNull(m.extended_until),
      cancelledAt: atOrNull(m.cancelled_at),
      cancelReason: m.cancel_reason,
      createdAt: at(m.created_at),
      updatedAt: at(m.updated_at),
    })),
    (rows) => tx.insert(maintenances).values(rows),
  );
  await insertAll(
    list.flatMap((m) => m.components.map((componentId) => ({ maintenanceId: m.id, componentId }))),
    (rows) => tx.insert(maintenanceComponents).values(rows),
  );
  await insertAll(
    list.flatMap((m) =>
      m.updates.map((u) => ({
        id: u.id,
        maintenanceId: m.id,
        status: u.status,
        body: u.body,
        bodyEn: u.body_en,
        createdAt: at(u.created_at),
        displayAt: at(u.display_at),
      })),
    ),
    (rows) => tx.insert(maintenanceUpdates).values(rows),
  );
  await insertAll(
    list.flatMap((m) =>
      m.history.map((h) => ({
        id: h.id,
        maintenanceId: m.id,
        kind: h.kind,
        at: at(h.at),
        by: h.by,
        reason: h.reason,
        oldStart: at(h.old_start),
        oldEnd: at(h.old_end),
        newStart: atOrNull(h.new_start),
        newEnd: atOrNull(h.new_end),
      })),
    ),
    (rows) => tx.insert(maintenanceHistory).values(rows),
  );
}

export async function writeNotices(tx: Tx, list: Records<'notices'>, replacing: string[]): Promise<void> {
  if (replacing.length) await tx.delete(notices).where(inArray(notices.id, replacing));
  await insertAll(
    list.map((n) => ({
      id: n.id,
      kind: n.kind,
      title: n.title,
      titleEn: n.title_en,
      body: n.body,
      bodyEn: n.body_en,
      effectiveAt: at(n.effective_at),
      announcedAt: at(n.announced_at),
      shortNotice: n.short_notice_reason !== null,
      shortNoticeReason: n.short_notice_reason,
      createdAt: at(n.created_at),
      updatedAt: at(n.updated_at),
      withdrawnAt: atOrNull(n.withdrawn_at),
      withdrawReason: n.withdraw_reason,
    })),
    (rows) => tx.insert(notices).values(rows),
  );
  await insertAll(
    list.flatMap((n) => n.components.map((componentId) => ({ noticeId: n.id, componentId }))),
    (rows) => tx.insert(noticeComponents).values(rows),
  );
  await insertAll(
    list.flatMap((n) =>
      n.history.map((h) => ({
        id: h.id,
        noticeId: n.id,
        kind: h.kind,
        at: at(h.at),
        by: h.by,
        reason: h.reason,
        changes: h.changes as Record<string, { old: unknown; new: unknown }>,
      })),
    ),
    (rows) => tx.insert(noticeHistory).values(rows),
  );
}

/** A new webhook's signing secret, made here: the file never carries one. */
export interface NewWebhookSecret {
  id: string;
  url: string;
  secret: string;
}

/**
 * Contacts, subscribers and webhooks; a replaced one keeps what the file does not carry (its
 * delivery failures, a webhook's secret). Returns the secrets of the webhooks added.
 */
export async function writePersonal(
  tx: Tx,
  added: Pick<ShiraseData, 'contacts' | 'subscribers' | 'webhooks'>,
  replaced: Pick<ShiraseData, 'contacts' | 'subscribers' | 'webhooks'>,
): Promise<NewWebhookSecret[]> {
  const contactRow = (c: Records<'contacts'>[number]) => ({
    email: c.email,
    name: c.name,
    language: c.language,
    components: c.components,
    quarantinedAt: atOrNull(c.quarantined_at),
    createdAt: at(c.created_at),
  });
  const subscriberRow = (s: Records<'subscribers'>[number]) => ({
    email: s.email,
    language: s.language,
    components: s.components,
    kinds: s.kinds,
    confirmedAt: at(s.confirmed_at),
    expiresAt: null,
    quarantinedAt: atOrNull(s.quarantined_at),
    createdAt: at(s.created_at),
  });
  const webhookRow = (w: Records<'webhooks'>[number]) => ({
    url: w.url,
    components: w.components,
    format: w.format,
    language: w.language,
    quarantinedAt: atOrNull(w.quarantined_at),
    createdAt: at(w.created_at),
  });
  await insertAll(added.contacts ?? [], (rows) =>
    tx.insert(contacts).values(rows.map((c) => ({ id: c.id, ...contactRow(c) }))),
  );
  for (const c of replaced.contacts ?? []) await tx.update(contacts).set(contactRow(c)).where(eq(contacts.id, c.id));
  await insertAll(added.subscribers ?? [], (rows) =>
    tx.insert(subscribers).values(rows.map((s) => ({ id: s.id, ...subscriberRow(s) }))),
  );
  for (const s of replaced.subscribers ?? [])
    await tx.update(subscribers).set(subscriberRow(s)).where(eq(subscribers.id, s.id));
  const secrets = (added.webhooks ?? []).map((w) => ({ id: w.id, url: w.url, secret: newWebhookSecret() }));
  await insertAll(added.webhooks ?? [], (rows) =>
    tx
      .insert(webhooks)
      .values(rows.map((w) => ({ id: w.id, ...webhookRow(w), secret: secrets.find((s) => s.id === w.id)!.secret }))),
  );
  for (const w of replaced.webhooks ?? []) await tx.update(webhooks).set(webhookRow(w)).where(eq(webhooks.id, w.id));
  return secrets;
}
