import { and, asc, eq, gt, isNotNull, isNull, lte, or, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { components, subscribers } from '../../../db/schema/index.ts';
import { assertComponentIds } from '../../core/commands/maintenance-records.ts';
import { ShiraseError } from '../../core/errors.ts';
import { newId } from '../../core/ids.ts';
import type { SubscriptionChoices } from './choices.ts';
import { hashToken, newConfirmToken } from './tokens.ts';

export type SubscriberRow = typeof subscribers.$inferSelect;

/** How long a confirmation link works; an unconfirmed sign-up older than this is deleted. */
export const CONFIRM_WINDOW_MS = 48 * 60 * 60 * 1000;

/** Whether every chosen component exists (the form's boxes come from a published page that may be stale). */
export async function componentsExist(db: Db, components: readonly string[] | null): Promise<boolean> {
  if (!components) return true;
  try {
    await assertComponentIds(db, components);
    return true;
  } catch (e) {
    if (e instanceof ShiraseError) return false;
    throw e;
  }
}

/**
 * What a sign-up did: `pending` (new, or an unconfirmed one refreshed with a new token and these
 * choices) carries the confirmation token to mail; `confirmed` means the address already hears
 * from us, and its choices are left as they are (a stranger's form must not change them).
 */
export type SignUp =
  | { state: 'pending'; subscriber: SubscriberRow; confirmToken: string }
  | { state: 'confirmed'; subscriber: SubscriberRow };

/** Stores or refreshes an unconfirmed sign-up; one row per address, whatever its case. */
export async function requestSubscription({
  db,
  now,
  email,
  choices,
}: {
  db: Db;
  now: Date;
  email: string;
  choices: SubscriptionChoices;
}): Promise<SignUp> {
  const confirmToken = newConfirmToken();
  const fresh = {
    language: choices.language,
    components: choices.components,
    kinds: choices.kinds,
    confirmTokenHash: hashToken(confirmToken),
    expiresAt: new Date(now.getTime() + CONFIRM_WINDOW_MS),
  };
  // Twice at most: a concurrent sign-up of the same address may insert between the two statements.
  for (let attempt = 0; attempt < 2; attempt++) {
    const [known] = await db
      .select()
      .from(subscribers)
      .where(eq(sql`lower(${subscribers.email})`, email.toLowerCase()));
    if (known?.confirmedAt) return { state: 'confirmed', subscriber: known };
    if (known) {
      const [row] = await db
        .update(subscribers)
        .set({ ...fresh, email })
        .where(and(eq(subscribers.id, known.id), isNull(subscribers.confirmedAt)))
        .returning();
      if (row) return { state: 'pending', subscriber: row, confirmToken };
      continue;
    }
    const id = newId();
    const [row] = await db
      .insert(subscribers)
      .values({ id, email, ...fresh, createdAt: now })
      .onConflictDoNothing()
      .returning();
    if (row) return { state: 'pending', subscriber: row, confirmToken };
  }
  throw new Error('the sign-up kept changing under this one');
}

/**
 * Confirms the sign-up the token names, if it has not expired. A repeat with the same token
 * answers the same confirmed row (the link may be followed twice); null for anything else.
 */
export async function confirmSubscription(db: Db, now: Date, token: string): Promise<SubscriberRow | null> {
  const [row] = await db
    .update(subscribers)
    .set({ confirmedAt: sql`coalesce(${subscribers.confirmedAt}, ${now.toISOString()}::timestamptz)`, expiresAt: null })
    .where(
      and(
        eq(subscribers.confirmTokenHash, hashToken(token)),
        or(isNotNull(subscribers.confirmedAt), gt(subscribers.expiresAt, now)),
      ),
    )
    .returning();
  return row ?? null;
}

/** The confirmed subscriber with this id (from a checked manage token, tokens.ts), or null. */
export async function confirmedSubscriber(db: Db, id: string): Promise<SubscriberRow | null> {
  const [row] = await db
    .select()
    .from(subscribers)
    .where(and(eq(subscribers.id, id), isNotNull(subscribers.confirmedAt)));
  return row ?? null;
}

/** Saves a confirmed subscriber's new choices; null when there is no such subscriber (any more). */
export async function saveChoices(db: Db, id: string, choices: SubscriptionChoices): Promise<SubscriberRow | null> {
  const [row] = await db
    .update(subscribers)
    .set({ language: choices.language, components: choices.components, kinds: choices.kinds })
    .where(and(eq(subscribers.id, id), isNotNull(subscribers.confirmedAt)))
    .returning();
  return row ?? null;
}

/** Deletes the subscriber (its address with it); nothing when there is none. Idempotent. */
export async function unsubscribe(db: Db, id: string): Promise<void> {
  await db.delete(subscribers).where(eq(subscribers.id, id));
}

/** Deletes the sign-ups never confirmed within their window; returns how many. */
export async function expireUnconfirmed(db: Db, now: Date): Promise<number> {
  const gone = await db
    .delete(subscribers)
    .where(and(isNull(subscribers.confirmedAt), lte(subscribers.expiresAt, now)))
    .returning({ id: subscribers.id });
  return gone.length;
}

/** The components a manage form offers, in the site's order, with their names in both languages. */
export async function componentCatalogue(db: Db): Promise<{ id: string; name: string; nameEn: string | null }[]> {
  return db
    .select({ id: components.id, name: components.name, nameEn: components.nameEn })
    .from(components)
    .orderBy(asc(components.position), asc(components.name), asc(components.id));
}
