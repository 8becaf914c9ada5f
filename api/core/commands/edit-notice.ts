import { desc, eq } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { noticeHistory, notices } from '../../../db/schema/index.ts';
import { newId } from '../ids.ts';
import { parseInput } from '../input/common.ts';
import { amendNoticeInput, postponeNoticeInput, withdrawNoticeInput } from '../input/maintenance.ts';
import type { LeadTimePolicy } from '../maintenance/lead-time-policy.ts';
import {
  amendNotice,
  postponeNotice,
  withdrawNotice,
  type NoticeEditResult,
  type NoticeHistoryEntry,
} from '../maintenance/notice-edits.ts';
import { findNotice } from '../queries/maintenance-model.ts';
import { OPERATOR } from './maintenance-records.ts';
import { noticeEvent } from '../../notify/outbox/command-events.ts';
import { enqueueEvent } from '../../notify/outbox/enqueue.ts';

/**
 * Stores what a pure notice edit (api/core/maintenance/notice-edits.ts) made, with its history
 * entry. `announce`: a postponement moves the date customers plan by, so the notice is announced
 * again with its new date (there is no separate kind for it); an amended wording or a withdrawal
 * tells no one for now (issue 11 lists neither among the triggers).
 */
async function saveNoticeEdit(db: Db, { view, entry }: NoticeEditResult, announce = false): Promise<boolean> {
  if (!entry) return false;
  await db.transaction(async (tx) => {
    await tx
      .update(notices)
      .set({
        title: view.title,
        titleEn: view.titleEn,
        body: view.body,
        bodyEn: view.bodyEn,
        effectiveAt: view.effectiveAt,
        announcedAt: view.announcedAt,
        shortNotice: view.shortNotice,
        shortNoticeReason: view.shortNoticeReason,
        withdrawnAt: view.withdrawnAt ?? null,
        withdrawReason: view.withdrawReason ?? null,
        updatedAt: view.updatedAt,
      })
      .where(eq(notices.id, view.id));
    await tx.insert(noticeHistory).values({ id: newId(), noticeId: view.id, ...entry });
    if (announce) await enqueueEvent(tx, noticeEvent(view, view.updatedAt));
  });
  return true;
}

export async function amendNoticeCommand({ db, now, id, input }: { db: Db; now: Date; id: string; input: unknown }) {
  const data = parseInput(amendNoticeInput, input);
  const before = await findNotice(db, id, now);
  const changed = await saveNoticeEdit(
    db,
    amendNotice(before, {
      by: OPERATOR,
      reason: data.reason ?? null,
      now,
      ...(data.title !== undefined && { title: data.title }),
      ...(data.title_en !== undefined && { titleEn: data.title_en }),
      ...(data.body !== undefined && { body: data.body }),
      ...(data.body_en !== undefined && { bodyEn: data.body_en }),
    }),
  );
  return { id, changed };
}

export async function postponeNoticeCommand({
  db,
  now,
  id,
  input,
  policy,
}: {
  db: Db;
  now: Date;
  id: string;
  input: unknown;
  policy: LeadTimePolicy;
}) {
  const data = parseInput(postponeNoticeInput, input);
  const before = await findNotice(db, id, now);
  const changed = await saveNoticeEdit(
    db,
    postponeNotice(before, {
      effectiveAt: data.effective_at,
      by: OPERATOR,
      reason: data.reason,
      now,
      policy,
      shortNotice: data.short_notice ?? null,
    }),
    true,
  );
  return { id, changed };
}

export async function withdrawNoticeCommand({ db, now, id, input }: { db: Db; now: Date; id: string; input: unknown }) {
  const data = parseInput(withdrawNoticeInput, input);
  const before = await findNotice(db, id, now);
  await saveNoticeEdit(db, withdrawNotice(before, { by: OPERATOR, reason: data.reason, now }));
  return { id, changed: true };
}

/** A notice's amendments, postponements and withdrawal, newest first. */
export async function listNoticeHistory(db: Db, noticeId: string): Promise<NoticeHistoryEntry[]> {
  const rows = await db
    .select()
    .from(noticeHistory)
    .where(eq(noticeHistory.noticeId, noticeId))
    .orderBy(desc(noticeHistory.at), desc(noticeHistory.seq));
  return rows.map((r) => ({ kind: r.kind, at: r.at, by: r.by, reason: r.reason, changes: r.changes }));
}
