/**
 * A backup of the server's database (DATABASE_URL, or the embedded one under DATA_DIR) into one
 * verified file, then the retention rule on its folder (api/backup/):
 *
 *   npm run backup [-- <dir>]        (default BACKUP_DIR, else DATA_DIR/backups)
 *
 * Prints the file, its size and rows, and the backups kept and removed. Errors are one sentence on
 * standard error: exit 2 for a usage error, 1 otherwise.
 */
import { parseArgs } from 'node:util';
import type { Database } from '../db/client.ts';
import { cliMain, UsageError } from './cli-main.ts';
import { backupConfigFromEnv } from '../api/server/backup-config.ts';

const USAGE = 'usage: npm run backup [-- <dir>]   (default BACKUP_DIR, else DATA_DIR/backups)';

async function run(argv: string[], database: () => Promise<Database>): Promise<void> {
  let positionals: string[];
  try {
    ({ positionals } = parseArgs({ args: argv, allowPositionals: true, options: {} }));
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  if (positionals.length > 1) throw new UsageError('Name one folder.');
  const config = backupConfigFromEnv(process.env, process.env.DATA_DIR ?? './data');
  const dir = positionals[0] ?? config.dir;
  if (!dir) throw new UsageError('DATA_DIR=memory has no backups folder: name one, or set BACKUP_DIR.');
  const { db, kind } = await database();
  const { backupAndPrune } = await import('../api/backup/index.ts');
  const done = await backupAndPrune({ db, engine: kind, dir, now: new Date(), rule: config.retention });
  const tables = Object.keys(done.tables).length;
  console.log(
    `Wrote ${done.file} (${done.bytes.toLocaleString('en')} bytes, ${done.rows.toLocaleString('en')} rows in ${tables} tables), verified.`,
  );
  console.log(
    `Kept ${done.plan.keep.length} backup(s) in ${dir}` +
      (done.plan.remove.length
        ? `; removed ${done.plan.remove.length}: ${done.plan.remove.join(', ')}.`
        : '; removed none.'),
  );
}

await cliMain(
  'backup',
  USAGE,
  {
    inMemory: 'DATA_DIR=memory has no database to back up',
    whileServing: 'back up while it serves (or let it make its scheduled backup, BACKUP_TIME)',
  },
  run,
);
