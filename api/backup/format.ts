import type { SequenceState } from './catalog.ts';
import type { MigrationLevel } from './migration-level.ts';

/**
 * One backup is one gzip-compressed JSON Lines file:
 *
 *   {"format":"shirase-backup","version":1,"createdAt":…,"engine":…,"migration":{…},"tables":[…]}
 *   {"table":"component_groups"}
 *   <one line per row: the row as PostgreSQL's to_jsonb gives it, in primary-key order>
 *   {"table":"components"}
 *   …
 *   {"end":{"tables":{"components":{"rows":12,"sha256":"…"},…},"sequences":[…]}}
 *
 * The tables come in foreign-key order (a table after those it references), which is the order a
 * restore loads them in. Each table's SHA-256 is over its row lines, each with its newline. The same
 * format comes from PGlite and PostgreSQL, so a backup of either restores into the other.
 */
export const FORMAT = 'shirase-backup';
export const VERSION = 1;

export interface BackupHeader {
  format: typeof FORMAT;
  version: number;
  createdAt: string;
  engine: 'pglite' | 'postgres';
  migration: MigrationLevel;
  tables: string[];
}

export interface TableSummary {
  rows: number;
  sha256: string;
}

export interface BackupTrailer {
  tables: Record<string, TableSummary>;
  sequences: SequenceState[];
}

/** `shirase-backup-20261201T030000Z.jsonl.gz`: the UTC time it was made, so names sort by age. */
export const BACKUP_NAME = /^shirase-backup-(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z\.jsonl\.gz$/;

export function backupName(at: Date): string {
  const stamp = at
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replaceAll(/[-:]/g, '');
  return `shirase-backup-${stamp}.jsonl.gz`;
}

/** The time in a backup's name, or null for a file that is not one. */
export function backupTime(name: string): Date | null {
  const m = BACKUP_NAME.exec(name);
  if (!m) return null;
  const [, y, mo, d, h, mi, s] = m;
  return new Date(`${y}-${mo}-${d}T${h}:${mi}:${s}Z`);
}

/** A backup that cannot be used, said in one sentence; nothing was changed. */
export class BackupError extends Error {}
