import { readFileSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { type Db, MIGRATIONS_FOLDER } from '../../db/client.ts';
import { rowsOf } from './catalog.ts';

/**
 * Which migration a database stands at: drizzle records each applied migration with its journal
 * time (`when`) in drizzle.__drizzle_migrations, so the newest such time names the level.
 */
export interface MigrationLevel {
  /** The journal's `when` of the newest migration applied (0: none). */
  when: number;
  /** Its tag (`0011_operators`), or null when this code's journal does not know it (a newer Shirase's). */
  tag: string | null;
}

interface Journal {
  entries: { when: number; tag: string }[];
}

function journal(): Journal {
  return JSON.parse(readFileSync(path.join(MIGRATIONS_FOLDER, 'meta', '_journal.json'), 'utf8')) as Journal;
}

export function tagOf(when: number): string | null {
  return journal().entries.find((e) => e.when === when)?.tag ?? null;
}

/** The level this code migrates a database to. */
export function codeLevel(): MigrationLevel {
  const last = journal().entries.at(-1);
  return { when: last?.when ?? 0, tag: last?.tag ?? null };
}

export async function databaseLevel(db: Db): Promise<MigrationLevel> {
  const [row] = rowsOf<{ when: string | null }>(
    await db.execute(sql`select max(created_at)::text as "when" from drizzle.__drizzle_migrations`),
  );
  const when = Number(row?.when ?? 0);
  return { when, tag: tagOf(when) };
}

export function describeLevel(level: MigrationLevel): string {
  return level.tag ? `migration ${level.tag}` : `an unknown migration of ${new Date(level.when).toISOString()}`;
}
