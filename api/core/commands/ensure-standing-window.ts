import { eq } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { components, maintenanceComponents, maintenances } from '../../../db/schema/index.ts';
import type { LeadTimePolicy } from '../maintenance/lead-time-policy.ts';
import { measureLeadTime } from '../maintenance/lead-time.ts';
import { occurrencesToPublish } from '../maintenance/recurrence.ts';
import type { StandingWindowConfig } from '../maintenance/window-config.ts';
import { findMaintenance } from '../queries/maintenance-model.ts';
import { maintenanceEvent } from '../../notify/outbox/command-events.ts';
import { enqueueEvent } from '../../notify/outbox/enqueue.ts';

/**
 * Shown with occurrences that could not get full notice because the job did not run for longer
 * than the publishing margin. On first install there is no such flag: the occurrences inside the
 * horizon are announced by the standing window itself (the published promise of the sheet), not
 * by the job that stores them.
 */
export const LATE_RUN_REASON = '定期メンテナンスの自動登録が遅れたため';

/**
 * Publishes every occurrence of the standing window through the horizon (the maintenance lead
 * time, plus the margin) that is not published yet, announced `now`. Idempotent: occurrences are
 * keyed, and one already stored — even rescheduled or cancelled — is left alone. Returns the ids
 * it inserted (the occurrence keys).
 */
export async function ensureStandingWindowOccurrences({
  db,
  now,
  config,
  policy,
}: {
  db: Db;
  now: Date;
  config: StandingWindowConfig;
  policy: LeadTimePolicy;
}): Promise<{ inserted: string[] }> {
  const occurrences = occurrencesToPublish(config, now, policy.maintenance.months);
  if (occurrences.length === 0) return { inserted: [] };
  const [existingIds, seriesRows] = await Promise.all([
    db.select({ id: components.id }).from(components),
    db.select({ id: maintenances.id }).from(maintenances).where(eq(maintenances.seriesId, config.id)).limit(1),
  ]);
  const known = new Set(existingIds.map((c) => c.id));
  // Components are resolved when an occurrence is stored; configured ids that do not exist are skipped.
  const componentIds = config.componentIds === 'all' ? [...known] : config.componentIds.filter((id) => known.has(id));
  const firstInstall = seriesRows.length === 0;
  const inserted: string[] = [];
  await db.transaction(async (tx) => {
    for (const o of occurrences) {
      const short = !firstInstall && !measureLeadTime('maintenance', now, o.start, policy).meetsPolicy;
      const rows = await tx
        .insert(maintenances)
        .values({
          id: o.key,
          occurrenceKey: o.key,
          seriesId: o.seriesId,
          title: o.title,
          titleEn: o.titleEn,
          body: o.body,
          bodyEn: o.bodyEn,
          scheduledFor: o.start,
          scheduledUntil: o.end,
          announcedAt: now,
          shortNotice: short,
          shortNoticeReason: short ? LATE_RUN_REASON : null,
          createdAt: now,
          updatedAt: now,
        })
        .onConflictDoNothing()
        .returning({ id: maintenances.id });
      if (rows.length === 0) continue;
      inserted.push(o.key);
      if (componentIds.length)
        await tx
          .insert(maintenanceComponents)
          .values(componentIds.map((componentId) => ({ maintenanceId: o.key, componentId })));
      // A later occurrence entering the horizon is announced to contacts and subscribers as any
      // maintenance is; those a first install stores were promised by the standing window itself.
      if (!firstInstall)
        await enqueueEvent(
          tx,
          maintenanceEvent('maintenance.announced', await findMaintenance(tx as Db, o.key, now), now),
        );
    }
  });
  return { inserted };
}
