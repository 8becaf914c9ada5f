import { sql } from 'drizzle-orm';
import { boolean, customType, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

/** node-postgres reads bytea as a Buffer, PGlite as a Uint8Array: callers always get a Buffer. */
const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (value) => (Buffer.isBuffer(value) ? value : Buffer.from(value)),
});

/**
 * The published site shared by the instances on one PostgreSQL (api/server/cluster.ts): the
 * publisher uploads each file's bytes once, by content hash, then switches the current generation;
 * the others install it from here, so every instance serves the same bytes, ETag and Last-Modified.
 */
export const publishedObjects = pgTable('published_objects', {
  /** The store's hash of the identity bytes (the ETag without its quotes). */
  hash: text('hash').primaryKey(),
  identity: bytea('identity').notNull(),
  gzip: bytea('gzip'),
  br: bytea('br'),
});

export const publishedGenerations = pgTable(
  'published_generations',
  {
    id: text('id').primaryKey(),
    publishedAt: timestamp('published_at', { withTimezone: true, mode: 'date' }).notNull(),
    /** The store's Generation (api/publish/store.ts): every path with its hash, type and dates. */
    manifest: jsonb('manifest').notNull(),
    /** The generation every instance serves; the previous one is kept for instances still installing it. */
    current: boolean('current').notNull().default(false),
  },
  (t) => [uniqueIndex('published_generations_one_current').on(t.current).where(sql`${t.current}`)],
);
