import { desc, eq } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { subscribers } from '../../../db/schema/index.ts';

/** A subscriber as operators see it: never its token hashes. */
export interface SubscriberRecord {
  id: string;
  email: string;
  language: 'ja' | 'en';
  components: string[] | null;
  kinds: string[] | null;
  confirmedAt: Date | null;
  /** Until when an unconfirmed sign-up's link works (it is deleted after). */
  expiresAt: Date | null;
  quarantinedAt: Date | null;
  failures: number;
  createdAt: Date;
}

const RECORD = {
  id: subscribers.id,
  email: subscribers.email,
  language: subscribers.language,
  components: subscribers.components,
  kinds: subscribers.kinds,
  confirmedAt: subscribers.confirmedAt,
  expiresAt: subscribers.expiresAt,
  quarantinedAt: subscribers.quarantinedAt,
  failures: subscribers.failures,
  createdAt: subscribers.createdAt,
};

/** Every subscriber, confirmed or not, newest sign-up first (the operators' console, issue 12). */
export async function listSubscribers(db: Db, { limit = 500 }: { limit?: number } = {}): Promise<SubscriberRecord[]> {
  return db.select(RECORD).from(subscribers).orderBy(desc(subscribers.createdAt), desc(subscribers.id)).limit(limit);
}

/** One subscriber, or null when the id names none (any more). */
export async function getSubscriber(db: Db, id: string): Promise<SubscriberRecord | null> {
  const [row] = await db.select(RECORD).from(subscribers).where(eq(subscribers.id, id));
  return row ?? null;
}

/** Deletes the subscriber (its address with it) and returns what it was; null when there was none. */
export async function removeSubscriber(db: Db, id: string): Promise<SubscriberRecord | null> {
  const [gone] = await db.delete(subscribers).where(eq(subscribers.id, id)).returning(RECORD);
  return gone ?? null;
}
