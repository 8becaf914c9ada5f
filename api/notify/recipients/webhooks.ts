import { randomBytes } from 'node:crypto';
import { asc, eq } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { webhooks } from '../../../db/schema/index.ts';
import { fieldIssue, NotFoundError, ValidationError } from '../../core/errors.ts';
import { say } from '../../core/messages/say.ts';
import { newId } from '../../core/ids.ts';
import { parseInput } from '../../core/input/common.ts';
import { createWebhookInput } from '../../core/input/notify.ts';
import { assertComponentIds } from '../../core/commands/maintenance-records.ts';
import { checkWebhookTarget, type Resolver } from '../webhook/target.ts';

/** What a registration checks the URL against: WEBHOOK_ALLOW_PRIVATE, and the resolver (tests give their own). */
export interface WebhookTargetPolicy {
  allowPrivate: boolean;
  resolve?: Resolver;
}

/**
 * Refuses, naming `url`, what delivery would always refuse. A host that does not resolve now is
 * accepted: DNS failures can be temporary, and each delivery checks the target again.
 */
async function assertTarget(url: string, policy: WebhookTargetPolicy): Promise<void> {
  const check = await checkWebhookTarget(url, policy);
  if (check.ok || check.reason === 'unresolvable') return;
  const texts = check.reason === 'credentials' ? say('field.webhookCredentials') : say('field.webhookPrivate');
  throw new ValidationError([fieldIssue('url', texts)]);
}

export type WebhookRow = typeof webhooks.$inferSelect;

/**
 * Standard Webhooks' secret form: `whsec_` + base64 of 32 random bytes. The same as HOOK's
 * newWebhookSecret (api/notify/webhook/secret.ts), written here until that part is committed.
 */
const newSecret = () => `whsec_${randomBytes(32).toString('base64')}`;

/** Registers an endpoint; the returned row carries the secret, which no later read shows again. */
export async function registerWebhook({
  db,
  now,
  input,
  target = { allowPrivate: false },
}: {
  db: Db;
  now: Date;
  input: unknown;
  /** Absent: private addresses refused, the system resolver. */
  target?: WebhookTargetPolicy;
}): Promise<WebhookRow> {
  const data = parseInput(createWebhookInput, input);
  await assertTarget(data.url, target);
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
