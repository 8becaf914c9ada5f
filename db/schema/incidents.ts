import { check, index, integer, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { COMPONENT_STATUSES, INCIDENT_IMPACTS, INCIDENT_STATUSES } from '../../api/core/vocab.ts';
import { components } from './components.ts';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const list = (values: readonly string[]) => sql.raw(values.map((s) => `'${s}'`).join(','));

/** An incident's status is not stored: it is its latest update's (see core/queries). */
export const incidents = pgTable(
  'incidents',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    nameEn: text('name_en'),
    impact: text('impact', { enum: INCIDENT_IMPACTS }).notNull(),
    /** When the problem began (detection); may precede the first public post. */
    detectedAt: ts('detected_at').notNull(),
    /** When the incident was first posted publicly. */
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
    /** The operator's promise of the next update; null means the default cadence (30 minutes after the latest). */
    nextUpdateAt: ts('next_update_at'),
  },
  (t) => [
    check('incidents_impact_check', sql`${t.impact} in (${list(INCIDENT_IMPACTS)})`),
    index('incidents_created_at_idx').on(t.createdAt),
  ],
);

export const incidentUpdates = pgTable(
  'incident_updates',
  {
    id: text('id').primaryKey(),
    incidentId: text('incident_id')
      .notNull()
      .references(() => incidents.id, { onDelete: 'cascade' }),
    /** Monotonic within the database: breaks ties between updates posted in the same millisecond. */
    seq: integer('seq').generatedAlwaysAsIdentity(),
    status: text('status', { enum: INCIDENT_STATUSES }).notNull(),
    body: text('body').notNull(),
    bodyEn: text('body_en'),
    createdAt: ts('created_at').notNull(),
    displayAt: ts('display_at').notNull(),
    /**
     * The next update this post promised, if any. Kept per post, not only as the incident's
     * current promise, so that each later post can be judged against the promise it answered.
     */
    nextUpdateAt: ts('next_update_at'),
    /** When the operator last corrected this post's text (the page marks it edited); the old text is in incident_edits. */
    editedAt: ts('edited_at'),
  },
  (t) => [
    check('incident_updates_status_check', sql`${t.status} in (${list(INCIDENT_STATUSES)})`),
    index('incident_updates_incident_idx').on(t.incidentId, t.seq),
  ],
);

/** The status an update sets for each component it names. */
export const incidentUpdateComponents = pgTable(
  'incident_update_components',
  {
    updateId: text('update_id')
      .notNull()
      .references(() => incidentUpdates.id, { onDelete: 'cascade' }),
    componentId: text('component_id')
      .notNull()
      .references(() => components.id, { onDelete: 'cascade' }),
    status: text('status', { enum: COMPONENT_STATUSES }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.updateId, t.componentId] }),
    check('incident_update_components_status_check', sql`${t.status} in (${list(COMPONENT_STATUSES)})`),
  ],
);

/** What an operator's correction of a published incident did. */
export const INCIDENT_EDIT_KINDS = ['incident_edited', 'update_edited', 'update_deleted'] as const;

/**
 * Every correction of a published incident: who, when, and each changed field's old and new value
 * (`{ "name": { "old": …, "new": … } }`), so that what customers once read can still be told.
 */
export const incidentEdits = pgTable(
  'incident_edits',
  {
    id: text('id').primaryKey(),
    incidentId: text('incident_id')
      .notNull()
      .references(() => incidents.id, { onDelete: 'cascade' }),
    /** Orders edits recorded in the same millisecond. */
    seq: integer('seq').generatedAlwaysAsIdentity(),
    kind: text('kind', { enum: INCIDENT_EDIT_KINDS }).notNull(),
    /** The update edited or deleted; not a foreign key, since a deleted update's edits outlive it. */
    updateId: text('update_id'),
    at: ts('at').notNull(),
    by: text('by').notNull(),
    /** Required when deleting an update; optional otherwise. */
    reason: text('reason'),
    changes: jsonb('changes').$type<Record<string, { old: unknown; new: unknown }>>().notNull(),
  },
  (t) => [
    check('incident_edits_kind_check', sql`${t.kind} in (${list(INCIDENT_EDIT_KINDS)})`),
    index('incident_edits_incident_idx').on(t.incidentId, t.seq),
  ],
);

/**
 * Incidents deleted as published by mistake (a test): gone from every page, feed and API, but the
 * deletion, its reason and what was deleted stay here for an audit.
 */
export const incidentDeletions = pgTable('incident_deletions', {
  id: text('id').primaryKey(),
  /** The deleted incident's id; no foreign key, the row is gone. */
  incidentId: text('incident_id').notNull(),
  at: ts('at').notNull(),
  by: text('by').notNull(),
  reason: text('reason').notNull(),
  /** The incident as it was: its fields, updates (with their component maps) and earlier edits. */
  snapshot: jsonb('snapshot').$type<Record<string, unknown>>().notNull(),
});
