import {
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import {
  MAINTENANCE_CHANGE_KINDS,
  MAINTENANCE_STATUSES,
  NOTICE_RECORD_KINDS,
} from '../../api/core/maintenance/types.ts';
import { NOTICE_CHANGE_KINDS } from '../../api/core/maintenance/notice-edits.ts';
import { components } from './components.ts';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const list = (values: readonly string[]) => sql.raw(values.map((s) => `'${s}'`).join(','));

/**
 * Planned maintenance: one-off windows and the standing window's occurrences. The status is not
 * stored: it follows from the window, the operators' marks (started/verifying/finished/extended/
 * cancelled) and the time (api/core/maintenance/status.ts).
 */
export const maintenances = pgTable(
  'maintenances',
  {
    id: text('id').primaryKey(),
    /** Series id + local date for a standing-window occurrence; unique, so expansion never inserts one twice. */
    occurrenceKey: text('occurrence_key'),
    seriesId: text('series_id'),
    title: text('title').notNull(),
    titleEn: text('title_en'),
    body: text('body').notNull(),
    bodyEn: text('body_en'),
    scheduledFor: ts('scheduled_for').notNull(),
    scheduledUntil: ts('scheduled_until').notNull(),
    /** When the current window was published (a reschedule announces it anew). */
    announcedAt: ts('announced_at').notNull(),
    shortNotice: boolean('short_notice').notNull().default(false),
    shortNoticeReason: text('short_notice_reason'),
    /** iCalendar SEQUENCE: +1 whenever the window moves, is extended or is cancelled. */
    sequence: integer('sequence').notNull().default(0),
    startedAt: ts('started_at'),
    verifyingAt: ts('verifying_at'),
    finishedAt: ts('finished_at'),
    extendedUntil: ts('extended_until'),
    cancelledAt: ts('cancelled_at'),
    cancelReason: text('cancel_reason'),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('maintenances_occurrence_key_idx').on(t.occurrenceKey),
    index('maintenances_scheduled_for_idx').on(t.scheduledFor),
    check('maintenances_window_check', sql`${t.scheduledUntil} > ${t.scheduledFor}`),
    check('maintenances_short_notice_check', sql`${t.shortNotice} = (${t.shortNoticeReason} is not null)`),
  ],
);

export const maintenanceComponents = pgTable(
  'maintenance_components',
  {
    maintenanceId: text('maintenance_id')
      .notNull()
      .references(() => maintenances.id, { onDelete: 'cascade' }),
    componentId: text('component_id')
      .notNull()
      .references(() => components.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.maintenanceId, t.componentId] })],
);

/** Every change to a published window: who, when, why, and the old and new times. */
export const maintenanceHistory = pgTable(
  'maintenance_history',
  {
    id: text('id').primaryKey(),
    maintenanceId: text('maintenance_id')
      .notNull()
      .references(() => maintenances.id, { onDelete: 'cascade' }),
    /** Orders entries recorded in the same millisecond. */
    seq: integer('seq').generatedAlwaysAsIdentity(),
    kind: text('kind', { enum: MAINTENANCE_CHANGE_KINDS }).notNull(),
    at: ts('at').notNull(),
    by: text('by').notNull(),
    reason: text('reason').notNull(),
    oldStart: ts('old_start').notNull(),
    oldEnd: ts('old_end').notNull(),
    /** Null for a cancellation. */
    newStart: ts('new_start'),
    newEnd: ts('new_end'),
  },
  (t) => [
    check('maintenance_history_kind_check', sql`${t.kind} in (${list(MAINTENANCE_CHANGE_KINDS)})`),
    index('maintenance_history_maintenance_idx').on(t.maintenanceId, t.seq),
  ],
);

export const maintenanceUpdates = pgTable(
  'maintenance_updates',
  {
    id: text('id').primaryKey(),
    maintenanceId: text('maintenance_id')
      .notNull()
      .references(() => maintenances.id, { onDelete: 'cascade' }),
    seq: integer('seq').generatedAlwaysAsIdentity(),
    /** The maintenance's status when the update was posted. */
    status: text('status', { enum: MAINTENANCE_STATUSES }).notNull(),
    body: text('body').notNull(),
    bodyEn: text('body_en'),
    createdAt: ts('created_at').notNull(),
    displayAt: ts('display_at').notNull(),
  },
  (t) => [
    check('maintenance_updates_status_check', sql`${t.status} in (${list(MAINTENANCE_STATUSES)})`),
    index('maintenance_updates_maintenance_idx').on(t.maintenanceId, t.seq),
  ],
);

/** Termination and change notices (a maintenance is announced by its own record). */
export const notices = pgTable(
  'notices',
  {
    id: text('id').primaryKey(),
    kind: text('kind', { enum: NOTICE_RECORD_KINDS }).notNull(),
    title: text('title').notNull(),
    titleEn: text('title_en'),
    body: text('body').notNull(),
    bodyEn: text('body_en'),
    /** When the service ends or the change takes effect. */
    effectiveAt: ts('effective_at').notNull(),
    announcedAt: ts('announced_at').notNull(),
    shortNotice: boolean('short_notice').notNull().default(false),
    shortNoticeReason: text('short_notice_reason'),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
    /** A withdrawn notice stays published, marked withdrawn with the reason. */
    withdrawnAt: ts('withdrawn_at'),
    withdrawReason: text('withdraw_reason'),
  },
  (t) => [
    check('notices_kind_check', sql`${t.kind} in (${list(NOTICE_RECORD_KINDS)})`),
    check('notices_short_notice_check', sql`${t.shortNotice} = (${t.shortNoticeReason} is not null)`),
    index('notices_effective_at_idx').on(t.effectiveAt),
  ],
);

export const noticeComponents = pgTable(
  'notice_components',
  {
    noticeId: text('notice_id')
      .notNull()
      .references(() => notices.id, { onDelete: 'cascade' }),
    componentId: text('component_id')
      .notNull()
      .references(() => components.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.noticeId, t.componentId] })],
);

/** Every amendment, postponement and withdrawal of a notice: who, when, why, each field's old and new value. */
export const noticeHistory = pgTable(
  'notice_history',
  {
    id: text('id').primaryKey(),
    noticeId: text('notice_id')
      .notNull()
      .references(() => notices.id, { onDelete: 'cascade' }),
    /** Orders entries recorded in the same millisecond. */
    seq: integer('seq').generatedAlwaysAsIdentity(),
    kind: text('kind', { enum: NOTICE_CHANGE_KINDS }).notNull(),
    at: ts('at').notNull(),
    by: text('by').notNull(),
    reason: text('reason'),
    changes: jsonb('changes').$type<Record<string, { old: unknown; new: unknown }>>().notNull(),
  },
  (t) => [
    check('notice_history_kind_check', sql`${t.kind} in (${list(NOTICE_CHANGE_KINDS)})`),
    index('notice_history_notice_idx').on(t.noticeId, t.seq),
  ],
);
