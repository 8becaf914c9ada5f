import { randomBytes } from 'node:crypto';
import { asc, eq } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { webhooks } from '../../../db/schema/index.ts';
import { NotFoundError } from '../../core/errors.ts';
import { newId } from '../../core/ids.ts';
import { parseInput } from '../../core/input/common.ts';
import { createWebhookInput } from '../../core/input/notify.ts';
import { assertComponentIds } from '../../core/commands/maintenance-records.ts';

export type WebhookRow = typeof webhooks.$inferSelect;

/**
 * Standard Webhooks' secret form: `whsec_` + base64 of 32 random bytes. The same as HOOK's
 * newWebhookSecret (api/notify/webhook/secret.ts), written here until that part is committed.
 */
const newSecret = () => `whsec_${randomBytes(32).toString('base64')}`;

/** Registers an endpoint; the returned row carries the secret, which no later read shows again. */
export async function registerWebhook({ db, now, input }: { db: Db; now: Date; input: unknown }): Promise<WebhookRow> {
  const data = parseInput(createWebhookInput, input);
  if (data.components) await assertComponentIds(db, data.components);
  const [created] = await db
    .insert(webhooks)
    .values({
      id: newId(),
      url: data.url,
      components: data.components ? [...new Set(data.components)] : null,
      format: data.format ?? 'statuspage',
      language: data.language ?? 'ja',
      secret: newSecret(),
      createdAt: now,
    })
    .returning();
  return created!;
}

export async function listWebhooks(db: Db): Promise<WebhookRow[]> {
  return db.select().from(webhooks).orderBy(asc(webhooks.createdAt), asc(webhooks.id));
}

/** One endpoint by id (its row carries the secret: present it without). */
export async function getWebhook(db: Db, id: string): Promise<WebhookRow> {
  const [row] = await db.select().from(webhooks).where(eq(webhooks.id, id));
  if (!row) throw new NotFoundError('webhook', id);
  return row;
}

export async function removeWebhook(db: Db, id: string): Promise<void> {
  const removed = await db.delete(webhooks).where(eq(webhooks.id, id)).returning({ id: webhooks.id });
  if (removed.length === 0) throw new NotFoundError('webhook', id);
}
