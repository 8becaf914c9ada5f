import path from 'node:path';
import type { RetentionRule } from '../backup/retention.ts';

/** Backups (issue 13): where they go, how many are kept, when the server makes one. */
export interface BackupConfig {
  /** BACKUP_DIR (default DATA_DIR/backups); null with DATA_DIR=memory and no BACKUP_DIR: nowhere to keep them. */
  dir: string | null;
  /** BACKUP_GENERATIONS (default 7) and BACKUP_MAX_AGE_MONTHS (default 6). */
  retention: RetentionRule;
  /** BACKUP_TIME: the time of day in Japan (`HH:MM`, default 03:00) of the daily backup; null (`off`): none. */
  time: { hour: number; minute: number } | null;
}

function wholeNumber(name: string, raw: string | undefined, fallback: number, min: number, max: number): number {
  const text = raw?.trim();
  if (!text) return fallback;
  if (!/^\d{1,4}$/.test(text) || Number(text) < min || Number(text) > max)
    throw new Error(
      `Invalid configuration: ${name} must be a whole number from ${min} to ${max}; "${text}" is not one`,
    );
  return Number(text);
}

export function backupConfigFromEnv(env: NodeJS.ProcessEnv, dataDir: string): BackupConfig {
  const dir = env.BACKUP_DIR?.trim() || (dataDir === 'memory' ? null : path.join(dataDir, 'backups'));
  const time = env.BACKUP_TIME?.trim().toLowerCase() || '03:00';
  const m = /^([01]?\d|2[0-3]):([0-5]\d)$/.exec(time);
  if (time !== 'off' && !m)
    throw new Error(
      `Invalid configuration: BACKUP_TIME must be a time of day in Japan such as 03:00, or off; "${env.BACKUP_TIME?.trim()}" is not one`,
    );
  return {
    dir,
    retention: {
      generations: wholeNumber('BACKUP_GENERATIONS', env.BACKUP_GENERATIONS, 7, 1, 1000),
      maxAgeMonths: wholeNumber('BACKUP_MAX_AGE_MONTHS', env.BACKUP_MAX_AGE_MONTHS, 6, 1, 120),
    },
    time: m ? { hour: Number(m[1]), minute: Number(m[2]) } : null,
  };
}
