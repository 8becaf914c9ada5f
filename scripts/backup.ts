/**
 * A backup of the server's database (DATABASE_URL, or the embedded one under DATA_DIR) into one
 * verified file, then the retention rule on its folder (api/backup/):
 *
 *   npm run backup [-- <dir>]        (default BACKUP_DIR, else DATA_DIR/backups)
 *
 * Prints the file, its size and rows, and the backups kept and removed. Errors are one sentence on
 * standard error: exit 2 for a usage error, 1 otherwise.
 */
import { cliMain } from './cli-main.ts';
import { run, USAGE } from '../api/cli/backup.ts';

await cliMain(
  'backup',
  USAGE,
  {
    inMemory: 'DATA_DIR=memory has no database to back up',
    whileServing: 'back up while it serves (or let it make its scheduled backup, BACKUP_TIME)',
  },
  run,
);
