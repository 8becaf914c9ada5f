import type { Db } from '../../db/client.ts';
import { applyRetention, type Plan, type RetentionRule } from './retention.ts';
import { writeBackup, type WrittenBackup } from './write.ts';

/** What both the CLI and the schedule do: one verified backup, then the retention rule on its folder. */
export async function backupAndPrune(options: {
  db: Db;
  engine: 'pglite' | 'postgres';
  dir: string;
  now: Date;
  rule: RetentionRule;
}): Promise<WrittenBackup & { plan: Plan }> {
  const written = await writeBackup(options);
  const plan = await applyRetention(options.dir, options.now, options.rule);
  return { ...written, plan };
}
