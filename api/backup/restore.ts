import path from 'node:path';
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { backupTables, quoteIdent, rowsOf } from './catalog.ts';
import { BackupError } from './format.ts';
import { databaseLevel, describeLevel, tagOf } from './migration-level.ts';
import { type ReadBackup, readBackup } from './read.ts';

export interface Restored {
  tables: number;
  rows: number;
  /** Rows the database held before (a replace), by table; empty when it was empty. */
  replaced: Record<string, number>;
}

/**
 * Loads a backup into a database migrated to this code's level. The file is read through and
 * checked first, so a bad file changes nothing. Then, in one transaction: with `replace`, every
 * table the backup covers is emptied (the tables' own triggers disabled meanwhile — the audit log's
 * append-only trigger refuses TRUNCATE by design, and a restore is the one deliberate exception);
 * the rows are loaded table by table in the backup's foreign-key order and the sequences set where
 * they stood. The file is checked once more as it is loaded, so a file changed in between rolls
 * back. On PostgreSQL the transaction ends with a change notification ('all'), so that a running
 * server republishes everything once it commits.
 *
 * A backup must be at the database's migration level: an older one is refused rather than loaded
 * into columns it does not know about (restore it with the Shirase version that made it, then let
 * this one migrate it at start), a newer one too.
 */
export async function restoreBackup({
  db,
  engine,
  file,
  replace,
  checked,
}: {
  db: Db;
  engine: 'pglite' | 'postgres';
  file: string;
  replace: boolean;
  /** What readBackup(file) gave, when the caller read it through already (before opening the database). */
  checked?: ReadBackup;
}): Promise<Restored> {
  const name = path.basename(file);
  const { header } = checked ?? (await readBackup(file));
  const level = await databaseLevel(db);
  if (header.migration.when !== level.when) {
    const newer = header.migration.when > level.when;
    // This code's name for the level when it knows it; a newer Shirase's own otherwise.
    const made = { when: header.migration.when, tag: tagOf(header.migration.when) ?? header.migration.tag };
    throw new BackupError(
      newer
        ? `${name} was made by a newer Shirase (${describeLevel(made)}); this one is at ${describeLevel(level)}: upgrade Shirase, then restore.`
        : `${name} was made at ${describeLevel(made)}, and this database is at ${describeLevel(level)}: restore it with the Shirase version that made it, then start this one, which migrates it.`,
    );
  }
  const tables = await backupTables(db);
  const names = tables.map((t) => t.name);
  const unknown = header.tables.filter((t) => !names.includes(t));
  if (unknown.length) throw new BackupError(`${name} holds tables this database lacks: ${unknown.join(', ')}.`);
  const held = await rowCounts(db, names);
  if (Object.keys(held).length && !replace)
    throw new BackupError(
      `The database already holds data (${Object.entries(held)
        .map(([t, n]) => `${n} in ${t}`)
        .join(', ')}): restore with --replace to replace all of it with the backup.`,
    );
  let rows = 0;
  await db.transaction(async (tx) => {
    const list = names.map(quoteIdent).join(', ');
    for (const t of names) await tx.execute(sql.raw(`alter table ${quoteIdent(t)} disable trigger user`));
    if (Object.keys(held).length) await tx.execute(sql.raw(`truncate ${list}`));
    const { trailer } = await readBackup(file, async (table, lines) => {
      const q = quoteIdent(table);
      // Identity columns declared GENERATED ALWAYS take the backup's values only when told to.
      await tx
        .execute(
          sql`${sql.raw(`insert into ${q} overriding system value select * from jsonb_populate_recordset(null::${q}, `)}${`[${lines.join(',')}]`}::jsonb)`,
        )
        .catch((err: unknown) => {
          throw new BackupError(
            `${name} could not be loaded into ${table} (${databaseMessage(err)}); nothing was changed.`,
          );
        });
      rows += lines.length;
    });
    for (const s of trailer.sequences) {
      if (!names.includes(s.table)) continue;
      await tx.execute(
        sql`select setval(pg_get_serial_sequence(${quoteIdent(s.table)}, ${s.column}), ${s.lastValue}::bigint, ${s.isCalled})`,
      );
    }
    for (const t of names) await tx.execute(sql.raw(`alter table ${quoteIdent(t)} enable trigger user`));
    if (engine === 'postgres') {
      const { CHANGES_CHANNEL } = await import('../server/cluster-changes.ts');
      await tx.execute(sql`select pg_notify(${CHANGES_CHANNEL}, 'all')`);
    }
  });
  return { tables: header.tables.length, rows, replaced: held };
}

/**
 * PostgreSQL's own words, without drizzle's wrapping: that quotes the statement and its parameters,
 * here the rows themselves (personal data, which has no place in a message or a log).
 */
function databaseMessage(err: unknown): string {
  const cause = (err as Error).cause;
  return cause instanceof Error ? cause.message : (err as Error).message.split('\n')[0]!;
}

/** The tables that hold rows, with how many. */
export async function rowCounts(db: Db, tables: readonly string[]): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const t of tables) {
    const [r] = rowsOf<{ n: number }>(await db.execute(sql.raw(`select count(*)::int as n from ${quoteIdent(t)}`)));
    if (r && r.n > 0) counts[t] = r.n;
  }
  return counts;
}
