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
    /**
     * The store's Generation (api/publish/store.ts) as jsonb: written before migration 0008 only,
     * and read when `manifest_gzip` is absent (a generation shared by an older instance).
     */
    manifest: jsonb('manifest'),
    /**
     * The Generation as gzipped JSON: stored as it comes, where PostgreSQL parsed 3 MB of jsonb at
     * every switch on a five-year site (~100-200 ms). Absent only on rows written before 0008.
     */
    manifestGzip: bytea('manifest_gzip'),
    /** The distinct content hashes the manifest names: what a prune keeps, scanned without the manifest. */
    hashes: text('hashes').array(),
    /** The generation every instance serves; the previous one is kept for instances still installing it. */
    current: boolean('current').notNull().default(false),
  },
  (t) => [uniqueIndex('published_generations_one_current').on(t.current).where(sql`${t.current}`)],
);
