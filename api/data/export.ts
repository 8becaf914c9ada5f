import type { Db } from '../../db/client.ts';
import { toIsoOffset } from '../core/time.ts';
import { DATA_FORMAT, DATA_VERSION, type ShiraseData } from './format.ts';
import { readRecords } from './read.ts';

/**
 * Everything `npm run export-data` writes: the status data, and the contacts, subscribers and
 * webhooks only when `personal` (they are personal data). Never an operator, a password or token
 * hash, or a webhook's signing secret; the settings are the environment's, not the database's.
 */
export async function exportData({
  db,
  now,
  personal,
}: {
  db: Db;
  now: Date;
  personal: boolean;
}): Promise<ShiraseData> {
  return {
    format: DATA_FORMAT,
    version: DATA_VERSION,
    exported_at: toIsoOffset(now),
    ...(await readRecords(db, personal)),
  };
}

/** Two-space JSON with a final newline: the same data gives the same bytes (read.ts fixes the order). */
export const serializeData = (data: ShiraseData): string => `${JSON.stringify(data, null, 2)}\n`;
