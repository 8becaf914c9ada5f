import { promisify } from 'node:util';
import { constants, gunzip, gzip } from 'node:zlib';
import { eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { publishedGenerations, publishedObjects } from '../../db/schema/index.ts';
import type { Generation, StoredObject } from './cluster-types.ts';

/** The channel a switch announces the new generation's id on (api/server/cluster.ts listens). */
export const PUBLISHED_CHANNEL = 'shirase_published';

/** Rows per query: far below PostgreSQL's 65,535 bind parameters. */
const HASHES_PER_QUERY = 1_000;
/** Bytes per upload statement, so that a first upload of a long history never builds one huge query. */
const UPLOAD_BATCH_BYTES = 8 * 1024 * 1024;

const chunks = <T>(items: T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));

/** The distinct content hashes a generation names. */
export const hashesOf = (gen: Generation): string[] => [...new Set(gen.files.map((f) => f.hash))];

/** The hashes among `hashes` whose bytes the database does not hold yet. */
export async function missingObjects(db: Db, hashes: string[]): Promise<string[]> {
  const present = new Set<string>();
  for (const chunk of chunks(hashes, HASHES_PER_QUERY)) {
    const rows = await db
      .select({ hash: publishedObjects.hash })
      .from(publishedObjects)
      .where(inArray(publishedObjects.hash, chunk));
    for (const r of rows) present.add(r.hash);
  }
  return hashes.filter((h) => !present.has(h));
}

/** The bytes of the given objects that the database holds (a pruned one is simply absent). */
export async function fetchObjects(db: Db, hashes: string[]): Promise<Map<string, StoredObject>> {
  const found = new Map<string, StoredObject>();
  for (const chunk of chunks(hashes, HASHES_PER_QUERY)) {
    const rows = await db.select().from(publishedObjects).where(inArray(publishedObjects.hash, chunk));
    for (const r of rows) found.set(r.hash, { identity: r.identity, gzip: r.gzip, br: r.br });
  }
  return found;
}

/** The id of the generation every instance should serve (a cheap check before reading its manifest). */
export async function currentGenerationId(db: Db): Promise<string | null> {
  const [row] = await db
    .select({ id: publishedGenerations.id })
    .from(publishedGenerations)
    .where(eq(publishedGenerations.current, true));
  return row?.id ?? null;
}

/** The generation every instance should serve, or null before the first publish. */
export async function currentGeneration(db: Db): Promise<Generation | null> {
  const [row] = await db
    .select({ manifest: publishedGenerations.manifest, gzipped: publishedGenerations.manifestGzip })
    .from(publishedGenerations)
    .where(eq(publishedGenerations.current, true));
  if (!row) return null;
  // A generation an instance from before migration 0008 shared has its manifest as jsonb only.
  return row.gzipped ? JSON.parse((await gunzipAsync(row.gzipped)).toString('utf8')) : (row.manifest as Generation);
}

const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);

/**
 * Shares a generation the publisher has just committed: uploads the objects the database lacks
 * (each batch commits on its own: bytes nobody references yet change nothing), then makes the
 * generation current in one transaction, which keeps only it and the previous generation and
 * announces it; then removes the objects neither names. A publisher killed before that transaction
 * leaves the current generation whole; its orphaned uploads go after the next switch.
 */
export async function shareGeneration(
  db: Db,
  gen: Generation,
  objects: (hash: string) => Promise<StoredObject>,
  options: {
    /**
     * Hashes known to be in the database (those of the generation current there): not asked about
     * again, which on a long history saves a query per thousand files of every publish.
     */
    known?: ReadonlySet<string>;
    batchBytes?: number;
    /**
     * Aborted when the instance stops: the upload ends after the query in flight, and the current
     * generation stays the previous one (the next publisher shares anew).
     */
    signal?: AbortSignal;
  } = {},
): Promise<{ uploaded: number; bytes: number; phases: { upload: number; switch: number; prune: number } }> {
  const { known, batchBytes = UPLOAD_BATCH_BYTES, signal } = options;
  let at = performance.now();
  const lap = () => {
    const ms = Math.round(performance.now() - at);
    at = performance.now();
    return ms;
  };
  const missing = await missingObjects(db, known ? hashesOf(gen).filter((h) => !known.has(h)) : hashesOf(gen));
  let batch: (StoredObject & { hash: string })[] = [];
  let pendingBytes = 0;
  let bytes = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    signal?.throwIfAborted();
    await db.insert(publishedObjects).values(batch).onConflictDoNothing();
    batch = [];
    pendingBytes = 0;
  };
  for (const hash of missing) {
    signal?.throwIfAborted();
    const o = await objects(hash);
    const size = o.identity.length + (o.gzip?.length ?? 0) + (o.br?.length ?? 0);
    batch.push({ hash, ...o });
    pendingBytes += size;
    bytes += size;
    if (pendingBytes >= batchBytes) await flush();
  }
  await flush();
  const upload = lap();
  signal?.throwIfAborted();
  await switchGeneration(db, gen);
  const switched = lap();
  // After the switch, not in it: the other instances need not wait for it. Before the next upload
  // (the caller awaits this), or it would take that upload's objects for orphans.
  // The kept generations' hashes as arrays (one hashed set of ~9,000 on five years), not each
  // manifest's files unnested from jsonb (24-44 ms a publish); a row from before migration 0008
  // has only its jsonb manifest, whose objects stay as long as it is kept.
  await db.execute(sql`
    delete from ${publishedObjects} o where o.hash not in (
      select unnest(kept.hashes) from ${publishedGenerations} kept where kept.hashes is not null
      union all
      select f ->> 'hash' from ${publishedGenerations} kept, jsonb_array_elements(kept.manifest -> 'files') f
      where kept.hashes is null)`);
  return { uploaded: missing.length, bytes, phases: { upload, switch: switched, prune: lap() } };
}

async function switchGeneration(db: Db, gen: Generation): Promise<void> {
  const g = publishedGenerations;
  // Compressed before the transaction, on libuv's pool: 3 MB of JSON on a five-year site is ~120 KB
  // stored as it comes, where the jsonb column had PostgreSQL parse all of it at every switch.
  const manifestGzip = await gzipAsync(JSON.stringify(gen), { level: constants.Z_BEST_SPEED });
  // One text parameter PostgreSQL splits: as a text[] parameter, the ORM mapped and quoted each of
  // the ~9,000 hashes on this thread (~10 ms a publish), and again for the conflict's update.
  const hashes = sql`string_to_array(${hashesOf(gen).join(' ')}, ' ')`;
  await db.transaction(async (tx) => {
    // Serialises switches, and names the generation that becomes the previous one.
    const [previous] = await tx.select({ id: g.id }).from(g).where(eq(g.current, true)).for('update');
    await tx
      .delete(g)
      .where(previous ? sql`${g.id} <> ${gen.id} and ${g.id} <> ${previous.id}` : sql`${g.id} <> ${gen.id}`);
    await tx.update(g).set({ current: false }).where(eq(g.current, true));
    await tx
      .insert(g)
      .values({
        id: gen.id,
        publishedAt: new Date(gen.publishedAt),
        manifest: null,
        manifestGzip,
        hashes,
        current: true,
      })
      .onConflictDoUpdate({
        target: g.id,
        set: {
          current: true,
          manifest: null,
          manifestGzip: sql.raw(`excluded.${g.manifestGzip.name}`),
          hashes: sql.raw(`excluded.${g.hashes.name}`),
        },
      });
    // Delivered at commit, so no instance hears of a generation it cannot read yet.
    await tx.execute(sql`select pg_notify(${PUBLISHED_CHANNEL}, ${gen.id})`);
  });
}
