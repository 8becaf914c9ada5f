import { eq, max } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { componentGroups, components } from '../../../db/schema/index.ts';
import { fieldIssue, NotFoundError, ValidationError } from '../errors.ts';
import { say } from '../messages/say.ts';
import { newId } from '../ids.ts';
import { parseInput } from '../input/common.ts';
import { createComponentInput, createGroupInput, updateComponentInput } from '../input/components.ts';
import type { RecordCommandArgs } from './command-args.ts';
import { enqueueComponentEvent } from '../../notify/outbox/command-events.ts';

type Component = typeof components.$inferSelect;

/** New rows go last unless the operator names a position. */
async function nextPosition(db: Db, table: typeof components | typeof componentGroups): Promise<number> {
  const [row] = await db.select({ max: max(table.position) }).from(table);
  return (row?.max ?? -1) + 1;
}

async function assertGroupExists(db: Db, groupId: string | null | undefined): Promise<void> {
  if (!groupId) return;
  const [row] = await db
    .select({ id: componentGroups.id })
    .from(componentGroups)
    .where(eq(componentGroups.id, groupId));
  if (!row) throw new ValidationError([fieldIssue('group_id', say('field.noGroup', { id: groupId }))]);
}

export async function createComponent({ db, now, input }: { db: Db; now: Date; input: unknown }): Promise<Component> {
  const data = parseInput(createComponentInput, input);
  await assertGroupExists(db, data.group_id);
  const position = data.position ?? (await nextPosition(db, components));
  const [created] = await db
    .insert(components)
    .values({
      id: newId(),
      name: data.name,
      nameEn: data.name_en ?? null,
      description: data.description ?? null,
      descriptionEn: data.description_en ?? null,
      groupId: data.group_id ?? null,
      position,
      status: data.status ?? 'operational',
      showcase: data.showcase ?? true,
      onlyShowIfDegraded: data.only_show_if_degraded ?? false,
      startDate: data.start_date ?? null,
      createdAt: now,
      updatedAt: now,
    })
    .returning();
  return created!;
}

const COLUMN_OF = {
  name: 'name',
  name_en: 'nameEn',
  description: 'description',
  description_en: 'descriptionEn',
  group_id: 'groupId',
  position: 'position',
  status: 'status',
  showcase: 'showcase',
  only_show_if_degraded: 'onlyShowIfDegraded',
  start_date: 'startDate',
} as const satisfies Record<string, keyof Component>;

/** Changes only what differs; a no-op edit leaves `updated_at` alone (honest dates). */
export async function updateComponent({ db, now, id, input }: RecordCommandArgs): Promise<Component> {
  const data = parseInput(updateComponentInput, input);
  const [current] = await db.select().from(components).where(eq(components.id, id));
  if (!current) throw new NotFoundError('component', id);
  if (data.group_id !== undefined) await assertGroupExists(db, data.group_id);
  const changes: Partial<Component> = {};
  for (const [key, column] of Object.entries(COLUMN_OF) as [keyof typeof COLUMN_OF, keyof Component][]) {
    const value = data[key];
    if (value === undefined) continue;
    if (current[column] !== (value ?? null)) Object.assign(changes, { [column]: value ?? null });
  }
  if (Object.keys(changes).length === 0) return current;
  return db.transaction(async (tx) => {
    const [updated] = await tx
      .update(components)
      .set({ ...changes, updatedAt: now })
      .where(eq(components.id, id))
      .returning();
    if (changes.status)
      await enqueueComponentEvent(tx, { now, componentId: id, oldStatus: current.status, newStatus: changes.status });
    return updated!;
  });
}

export async function createComponentGroup({ db, now, input }: { db: Db; now: Date; input: unknown }) {
  const data = parseInput(createGroupInput, input);
  const position = data.position ?? (await nextPosition(db, componentGroups));
  const [created] = await db
    .insert(componentGroups)
    .values({
      id: newId(),
      name: data.name,
      nameEn: data.name_en ?? null,
      description: data.description ?? null,
      descriptionEn: data.description_en ?? null,
      position,
      createdAt: now,
      updatedAt: now,
    })
    .returning();
  return created!;
}
