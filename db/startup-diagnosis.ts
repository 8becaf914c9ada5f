import { accessSync, constants, statfsSync, statSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import type { Db } from './client.ts';

/**
 * Sentences for an embedded database that does not open. PGlite itself says only "PGlite failed
 * to initialize properly", "Aborted()" or "Failed query: …": the folder is looked at to say which
 * of the usual causes it is, and what to do about it.
 */
export function explainEmbeddedFailure(err: unknown, dataDir: string): Error {
  const messages: string[] = [];
  for (let e: unknown = err; e instanceof Error; e = e.cause) messages.push(e.message);
  if (messages.length === 0) messages.push(String(err));
  const said = (pattern: RegExp) => messages.some((m) => pattern.test(m));
  const where = `The embedded database in ${dataDir}`;
  const problem = folderProblem(dataDir);
  if (problem === 'not-a-folder')
    return new Error(
      `${dataDir} is a file, not a folder: the embedded database needs a folder there. Move the file away, or set DATA_DIR to another folder.`,
      { cause: err },
    );
  if (problem === 'read-only' || said(/EACCES|EPERM|EROFS|read-only file system|permission denied/i))
    return new Error(
      `${where} is read-only for this process: make the folder and its files writable by the user running Shirase (for example chmod -R u+w ${dataDir}), or set DATA_DIR to a writable folder.`,
      { cause: err },
    );
  if (problem === 'disk-full' || said(/ENOSPC|no space left on device|could not extend file/i))
    return new Error(
      `${where} cannot be written: the disk is full. Free some space on the disk that holds ${dataDir}, then start again.`,
      { cause: err },
    );
  return new Error(
    `${where} could not be opened: its files look damaged (PGlite said: ${messages.join('; ')}). Restore the folder from a backup, or move it away to start with an empty database.`,
    { cause: err },
  );
}

function folderProblem(dataDir: string): 'not-a-folder' | 'read-only' | 'disk-full' | null {
  let stat: import('node:fs').Stats;
  try {
    stat = statSync(dataDir);
  } catch {
    return null;
  }
  if (!stat.isDirectory()) return 'not-a-folder';
  // The owner's write bit too: PostgreSQL will not run on a folder without it, even as root
  // (for whom access() always says yes).
  try {
    accessSync(dataDir, constants.W_OK);
    if ((stat.mode & 0o200) === 0) return 'read-only';
  } catch {
    return 'read-only';
  }
  try {
    if (statfsSync(dataDir).bavail === 0) return 'disk-full';
  } catch {
    // No statfs here: leave disk space unjudged.
  }
  return null;
}

/**
 * A table whose file was truncated or lost reads as empty through a sequential scan, without an
 * error: the site would serve "no incidents" as if that were true. Its primary-key index still
 * lists the rows, so each table is read once through the index (every row fetched from the table
 * file) and once sequentially; an index pointing past the end of the file, or a difference in
 * counts, means damaged data. The tables of a status page are small, so this is cheap at start-up.
 * It cannot see a table lost together with its index.
 */
export async function checkTables(db: Db): Promise<void> {
  const tables = await db.execute(sql`
    select c.relname as "table", string_agg(quote_ident(a.attname), ', ' order by k.ord) as keys
    from pg_index i
    join pg_class c on c.oid = i.indrelid
    join pg_namespace n on n.oid = c.relnamespace
    cross join lateral unnest(i.indkey) with ordinality as k(attnum, ord)
    join pg_attribute a on a.attrelid = c.oid and a.attnum = k.attnum
    where i.indisprimary and n.nspname = 'public'
    group by c.relname
    order by c.relname`);
  const damaged: string[] = [];
  for (const { table, keys } of rowsOf<{ table: string; keys: string }>(tables)) {
    try {
      await db.transaction(async (tx) => {
        await tx.execute(sql.raw('set local enable_seqscan = off'));
        await tx.execute(sql.raw('set local enable_bitmapscan = off'));
        await tx.execute(sql.raw('set local enable_indexonlyscan = off'));
        const [viaIndex] = rowsOf<{ n: number }>(
          await tx.execute(
            sql.raw(`select count(*)::int as n from (select ${keys} from ${quoteIdent(table)} order by ${keys}) s`),
          ),
        );
        await tx.execute(sql.raw('set local enable_seqscan = on'));
        await tx.execute(sql.raw('set local enable_indexscan = off'));
        const [sequential] = rowsOf<{ n: number }>(
          await tx.execute(sql.raw(`select count(*)::int as n from ${quoteIdent(table)}`)),
        );
        if (viaIndex?.n !== sequential?.n)
          throw new Error(`${viaIndex?.n} rows by its index, ${sequential?.n} in its file`);
      });
    } catch (err) {
      damaged.push(
        `${table} (${err instanceof Error ? (err.cause instanceof Error ? err.cause.message : err.message) : String(err)})`,
      );
    }
  }
  if (damaged.length)
    throw new Error(
      `The database's data is damaged: ${damaged.join('; ')}. Shirase does not start, rather than serve missing records as if they did not exist: restore the data from a backup.`,
    );
}

function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** node-postgres answers `{ rows }`, PGlite through drizzle the same; both shapes are accepted. */
function rowsOf<T>(result: unknown): T[] {
  if (Array.isArray(result)) return result as T[];
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}
