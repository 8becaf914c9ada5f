import { boolean, date, integer, pgTable, text, timestamp, check } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { COMPONENT_STATUSES } from '../../api/core/vocab.ts';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const statusList = sql.raw(COMPONENT_STATUSES.map((s) => `'${s}'`).join(','));

export const componentGroups = pgTable('component_groups', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  nameEn: text('name_en'),
  description: text('description'),
  descriptionEn: text('description_en'),
  position: integer('position').notNull().default(0),
  createdAt: ts('created_at').notNull(),
  updatedAt: ts('updated_at').notNull(),
});

export const components = pgTable(
  'components',
  {
    id: text('id').primaryKey(),
    groupId: text('group_id').references(() => componentGroups.id, { onDelete: 'set null' }),
    name: text('name').notNull(),
    nameEn: text('name_en'),
    description: text('description'),
    descriptionEn: text('description_en'),
    position: integer('position').notNull().default(0),
    /** The status an operator set by hand; the shown status also weighs active incidents. */
    status: text('status', { enum: COMPONENT_STATUSES }).notNull().default('operational'),
    showcase: boolean('showcase').notNull().default(true),
    onlyShowIfDegraded: boolean('only_show_if_degraded').notNull().default(false),
    startDate: date('start_date', { mode: 'string' }),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [check('components_status_check', sql`${t.status} in (${statusList})`)],
);
