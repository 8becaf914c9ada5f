import type { Db } from '../../../db/client.ts';
import { noticeComponents, notices } from '../../../db/schema/index.ts';
import { fieldIssue, ValidationError } from '../errors.ts';
import { say } from '../messages/say.ts';
import { newId } from '../ids.ts';
import { parseInput, tooFarAhead } from '../input/common.ts';
import { createNoticeInput } from '../input/maintenance.ts';
import type { LeadTimePolicy } from '../maintenance/lead-time-policy.ts';
import { checkLeadTime } from '../maintenance/lead-time.ts';
import { assertComponentIds } from './maintenance-records.ts';
import { noticeEvent } from '../../notify/outbox/command-events.ts';
import { enqueueEvent } from '../../notify/outbox/enqueue.ts';
import { findNotice } from '../queries/maintenance-model.ts';

/**
 * Announce a service termination or a customer-impacting change, now. It must give the policy's
 * notice for its kind (the sheet's are 3 months and 1 month) or be marked short-notice with a reason.
 */
export async function createNotice({
  db,
  now,
  input,
  policy,
}: {
  db: Db;
  now: Date;
  input: unknown;
  policy: LeadTimePolicy;
}): Promise<{ id: string }> {
  const data = parseInput(createNoticeInput, input);
  if (!(data.effective_at > now)) throw new ValidationError([fieldIssue('effective_at', say('field.inFuture'))]);
  const far = tooFarAhead('effective_at', data.effective_at, now);
  if (far) throw new ValidationError([far]);
  await assertComponentIds(db, data.components);
  const lead = checkLeadTime({
    kind: data.kind,
    announcedAt: now,
    effectiveAt: data.effective_at,
    policy,
    shortNotice: data.short_notice,
  });
  const id = newId();
  await db.transaction(async (tx) => {
    await tx.insert(notices).values({
      id,
      kind: data.kind,
      title: data.title,
      titleEn: data.title_en ?? null,
      body: data.body,
      bodyEn: data.body_en ?? null,
      effectiveAt: data.effective_at,
      announcedAt: now,
      shortNotice: lead.shortNotice,
      shortNoticeReason: lead.shortNoticeReason,
      createdAt: now,
      updatedAt: now,
    });
    if (data.components.length)
      await tx.insert(noticeComponents).values(data.components.map((componentId) => ({ noticeId: id, componentId })));
    await enqueueEvent(tx, noticeEvent(await findNotice(tx as Db, id, now), now));
  });
  return { id };
}
