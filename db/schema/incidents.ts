import { index, integer, pgTable, primaryKey, text, timestamp, check } from 'drizzle-orm/pg-core';
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
