import { readdir } from 'node:fs/promises';
import type { BackupStatus } from '../server/ops-status.ts';
import { backupTime } from './format.ts';

/**
 * What /metrics says of the backups, read from the folder itself, so a backup made by
 * `npm run backup` counts as much as a scheduled one. Only verified backups bear a backup's name.
 */
export async function readBackupStatus(dir: string, failures: number): Promise<BackupStatus> {
  const names = await readdir(dir).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return [] as string[];
    throw err;
  });
  const times = names.map(backupTime).filter((t): t is Date => t !== null);
  const newest = times.reduce<Date | null>((a, t) => (a && a >= t ? a : t), null);
  return { lastSuccessAt: newest, failures, generations: times.length };
}
