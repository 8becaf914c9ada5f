import { asc, eq } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { contacts } from '../../../db/schema/index.ts';
import { ConflictError, fieldIssue, NotFoundError } from '../../core/errors.ts';
import { newId } from '../../core/ids.ts';
import { parseInput } from '../../core/input/common.ts';
import { createContactInput } from '../../core/input/notify.ts';
import { say } from '../../core/messages/say.ts';
import { assertComponentIds } from '../../core/commands/maintenance-records.ts';

export type ContactRow = typeof contacts.$inferSelect;

/** Registers a customer-side address (the sheet's row 14); one row per address, whatever its case. */
export async function registerContact({ db, now, input }: { db: Db; now: Date; input: unknown }): Promise<ContactRow> {
  const data = parseInput(createContactInput, input);
  if (data.components) await assertComponentIds(db, data.components);
  const [created] = await db
    .insert(contacts)
    .values({
      id: newId(),
      email: data.email,
      name: data.name ?? null,
      language: data.language,
      components: data.components ? [...new Set(data.components)] : null,
      createdAt: now,
    })
    .onConflictDoNothing()
    .returning();
  if (!created)
    throw new ConflictError(say('conflict.contactExists'), [fieldIssue('email', say('conflict.contactExists'))]);
  return created;
}

export async function listContacts(db: Db): Promise<ContactRow[]> {
  return db.select().from(contacts).orderBy(asc(contacts.createdAt), asc(contacts.id));
}

export async function getContact(db: Db, id: string): Promise<ContactRow> {
  const [row] = await db.select().from(contacts).where(eq(contacts.id, id));
  if (!row) throw new NotFoundError('contact', id);
  return row;
}

/** Removes the contact; its past deliveries stay on record (they copy the address). */
export async function removeContact(db: Db, id: string): Promise<void> {
  const removed = await db.delete(contacts).where(eq(contacts.id, id)).returning({ id: contacts.id });
  if (removed.length === 0) throw new NotFoundError('contact', id);
}
