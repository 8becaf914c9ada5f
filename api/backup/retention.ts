import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { addCalendarMonths } from '../core/maintenance/index.ts';
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
 * BACKUP_GENERATIONS and the age limit, as the contract says them: of the backups made within the
 * last `maxAgeMonths` calendar months (Japan time), the newest `generations` are kept, so a folder
 * never holds more than that many; older ones go. The newest backup is never removed, however old,
 * so that a server that stopped backing up still has its last one. Only names a backup has are
 * considered: nothing else in the folder is touched.
 */
export function planRetention(names: readonly string[], now: Date, rule: RetentionRule): Plan {
  const backups = names
    .map((name) => ({ name, at: backupTime(name) }))
    .filter((b): b is { name: string; at: Date } => b.at !== null)
    .sort((a, b) => b.at.getTime() - a.at.getTime());
  const oldest = addCalendarMonths(now, -rule.maxAgeMonths);
  const keep = new Set(
    backups
      .filter((b) => b.at >= oldest)
      .slice(0, rule.generations)
      .map((b) => b.name),
  );
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
