import { z } from 'zod';
import { NOTICE_RECORD_KINDS } from '../maintenance/types.ts';
import { zodMessage } from '../messages/zod.ts';
import { bodyText, id, markdownText, instant, optionalText, title } from './common.ts';

/** Publish with less notice than the policy asks, on purpose: the reason is shown with the item. */
const shortNotice = z
  .strictObject({ reason: title(500) })
  .nullable()
  .optional();

/** Component ids, each at most once; `"all"` names every component that exists when it is stored. */
const componentIds = z
  .array(id)
  .max(200, zodMessage('field.maxComponents', { max: 200 }))
  .refine((ids) => new Set(ids).size === ids.length, zodMessage('field.componentTwice'));

/** Who acted and why, for the history; required on every change to a published window. */
const reason = bodyText(2000);

export const createMaintenanceInput = z
  .strictObject({
    title: title(200),
    title_en: optionalText(title(200)),
    body: markdownText(),
    body_en: optionalText(markdownText()),
    scheduled_for: instant,
    scheduled_until: instant,
    components: z.union([z.literal('all'), componentIds.min(1, zodMessage('field.atLeastOneComponent'))]),
    short_notice: shortNotice,
  })
  .meta({ id: 'CreateMaintenance' });
export type CreateMaintenanceInput = z.output<typeof createMaintenanceInput>;

export const rescheduleMaintenanceInput = z
  .strictObject({ scheduled_for: instant, scheduled_until: instant, reason, short_notice: shortNotice })
  .meta({ id: 'RescheduleMaintenance' });

export const cancelMaintenanceInput = z.strictObject({ reason }).meta({ id: 'CancelMaintenance' });

export const extendMaintenanceInput = z
  .strictObject({ extended_until: instant, reason })
  .meta({ id: 'ExtendMaintenance' });

/** Finishing or verifying may carry a word for the page, posted as an update. */
export const maintenanceProgressInput = z
  .strictObject({ body: optionalText(markdownText()), body_en: optionalText(markdownText()) })
  .refine((v) => !v.body_en || v.body, { message: zodMessage('field.needsBody'), path: ['body_en'] })
  .meta({ id: 'MaintenanceProgress' });

export const postMaintenanceUpdateInput = z
  .strictObject({ body: markdownText(), body_en: optionalText(markdownText()) })
  .meta({ id: 'PostMaintenanceUpdate' });

export const createNoticeInput = z
  .strictObject({
    kind: z.enum(NOTICE_RECORD_KINDS),
    title: title(200),
    title_en: optionalText(title(200)),
    body: markdownText(),
    body_en: optionalText(markdownText()),
    /** When the service ends or the change takes effect. */
    effective_at: instant,
    components: componentIds.default([]),
    short_notice: shortNotice,
  })
  // A change notice says what it changes (shared/docs/product.md, No. 9).
  .refine((v) => v.kind !== 'change' || v.components.length > 0, {
    message: zodMessage('field.changeNeedsComponents'),
    path: ['components'],
  })
  .meta({ id: 'CreateNotice' });
export type CreateNoticeInput = z.output<typeof createNoticeInput>;

export const listMaintenancesQuery = z.strictObject({
  status: z.enum(['upcoming', 'active', 'past', 'all']).default('all'),
});

const NOTICE_TEXT_FIELDS = ['title', 'title_en', 'body', 'body_en'] as const;

/** Correct a notice's text; give only the fields to change. */
export const amendNoticeInput = z
  .strictObject({
    title: title(200).optional(),
    title_en: optionalText(title(200)),
    body: markdownText().optional(),
    body_en: optionalText(markdownText()),
    reason: reason.optional(),
  })
  .refine((o) => NOTICE_TEXT_FIELDS.some((f) => o[f] !== undefined), {
    message: zodMessage('field.changeOneOf', { fields: NOTICE_TEXT_FIELDS.join(', ') }),
    path: ['(body)'],
  })
  .meta({ id: 'AmendNotice' });

/** A new effective date; an earlier one must give the policy's notice again, or `short_notice: { reason }`. */
export const postponeNoticeInput = z
  .strictObject({ effective_at: instant, reason, short_notice: shortNotice })
  .meta({ id: 'PostponeNotice' });

export const withdrawNoticeInput = z.strictObject({ reason }).meta({ id: 'WithdrawNotice' });
