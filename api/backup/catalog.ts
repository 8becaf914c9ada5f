import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';

/**
 * What a backup holds, read from PostgreSQL's own catalogue rather than a list kept by hand, so a
 * table a later migration adds is backed up without anyone remembering to. The published_* tables
 * are left out: they are the site the server renders from the rest (and re-renders after a restore),
 * megabytes of compressed pages that a backup would only make bigger.
 */
export const EXCLUDED_TABLES = /^published_/;

export interface TableInfo {
  name: string;
  /** The primary key's columns, quoted, comma-separated: a backup lists rows in this order. */
  keys: string;
}

/** A column whose values come from a sequence (identity or serial), and where that sequence stands. */
export interface SequenceState {
  table: string;
  column: string;
  lastValue: string;
  isCalled: boolean;
}

export function rowsOf<T>(result: unknown): T[] {
  // node-postgres answers a QueryResult, PGlite's drizzle driver its own { rows } (or the rows).
  return ((result as { rows?: T[] }).rows ?? (result as T[])) as T[];
}

export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** Every table of the schema but the published output, each after the tables it references. */
export async function backupTables(db: Db): Promise<TableInfo[]> {
  const found = rowsOf<{ name: string; keys: string | null; refs: string | null }>(
    await db.execute(sql`
      select c.relname::text as name,
        (select string_agg(quote_ident(a.attname), ', ' order by k.ord)
           from pg_index i
           cross join lateral unnest(i.indkey) with ordinality as k(attnum, ord)
           join pg_attribute a on a.attrelid = c.oid and a.attnum = k.attnum
           where i.indrelid = c.oid and i.indisprimary) as keys,
        (select string_agg(distinct r.relname::text, ',')
           from pg_constraint f join pg_class r on r.oid = f.confrelid
           where f.conrelid = c.oid and f.contype = 'f' and f.confrelid <> c.oid) as refs
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind = 'r'
      order by c.relname`),
  ).filter((t) => !EXCLUDED_TABLES.test(t.name));
  const byName = new Map(found.map((t) => [t.name, t]));
  const ordered: TableInfo[] = [];
  const placed = new Set<string>();
  const visit = (name: string, path: string[]) => {
    if (placed.has(name) || !byName.has(name)) return;
    if (path.includes(name)) throw new Error(`The tables ${path.join(', ')} reference each other in a cycle.`);
    const t = byName.get(name)!;
    for (const ref of t.refs?.split(',') ?? []) visit(ref, [...path, name]);
    placed.add(name);
    // A table without a primary key (none today) is listed in the order of its whole row.
    ordered.push({ name, keys: t.keys ?? `${quoteIdent(name)}::text` });
  };
  for (const t of found) visit(t.name, []);
  return ordered;
}

/** The sequences behind the tables' identity and serial columns, as they stand. */
export async function sequenceStates(db: Db, tables: readonly string[]): Promise<SequenceState[]> {
  const columns = rowsOf<{ table: string; column: string; seq: string }>(
    await db.execute(sql`
      select c.relname::text as "table", a.attname::text as "column",
        pg_get_serial_sequence(quote_ident(c.relname), a.attname) as seq
      from pg_attribute a
      join pg_class c on c.oid = a.attrelid
      join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind = 'r' and a.attnum > 0 and not a.attisdropped
        and pg_get_serial_sequence(quote_ident(c.relname), a.attname) is not null
      order by 1, 2`),
  ).filter((c) => tables.includes(c.table));
  const states: SequenceState[] = [];
  for (const c of columns) {
    // The name comes from the catalogue, already quoted where it needs to be.
    const [s] = rowsOf<{ last: string; called: boolean }>(
      await db.execute(sql.raw(`select last_value::text as last, is_called as called from ${c.seq}`)),
    );
    states.push({ table: c.table, column: c.column, lastValue: s!.last, isCalled: s!.called });
  }
  return states;
}
