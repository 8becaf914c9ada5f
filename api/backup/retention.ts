import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { addCalendarMonths, instantToWallClock } from '../core/maintenance/index.ts';
import { PAGE_TIME_ZONE } from '../core/time.ts';
import { backupTime } from './format.ts';

export interface RetentionRule {
  /** BACKUP_GENERATIONS: the newest this many backups are kept. */
  generations: number;
  /** BACKUP_MAX_AGE_MONTHS: nothing older is kept but the newest backup, whatever its age. */
  maxAgeMonths: number;
}

export interface Plan {
  keep: string[];
  remove: string[];
}

/**
 * The sheet's "7 generations, kept 6 months" (daily backups, a monthly one kept longer): of the
 * backups made within the last `maxAgeMonths` calendar months (Japan time), the newest
 * `generations`, and the first of each calendar month; older ones go. The newest backup is never
 * removed, however old, so that a server that stopped backing up still has its last one. Only names
 * a backup has are considered: nothing else in the folder is touched.
 */
export function planRetention(names: readonly string[], now: Date, rule: RetentionRule): Plan {
  const backups = names
    .map((name) => ({ name, at: backupTime(name) }))
    .filter((b): b is { name: string; at: Date } => b.at !== null)
    .sort((a, b) => b.at.getTime() - a.at.getTime());
  const oldest = addCalendarMonths(now, -rule.maxAgeMonths);
  const recent = backups.filter((b) => b.at >= oldest);
  const keep = new Set(recent.slice(0, rule.generations).map((b) => b.name));
  const firstOfMonth = new Map<string, string>();
  for (const b of recent) {
    const { year, month } = instantToWallClock(b.at, PAGE_TIME_ZONE);
    // Newest first: the last one seen of a month is its first.
    firstOfMonth.set(`${year}-${month}`, b.name);
  }
  for (const name of firstOfMonth.values()) keep.add(name);
  if (backups[0]) keep.add(backups[0].name);
  return {
    keep: backups.filter((b) => keep.has(b.name)).map((b) => b.name),
    remove: backups.filter((b) => !keep.has(b.name)).map((b) => b.name),
  };
}

export async function applyRetention(dir: string, now: Date, rule: RetentionRule): Promise<Plan> {
  const plan = planRetention(await readdir(dir), now, rule);
  for (const name of plan.remove) await rm(path.join(dir, name), { force: true });
  return plan;
}
