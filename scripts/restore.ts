/**
 * Loads a backup made by `npm run backup` into the server's database (DATABASE_URL, or the embedded
 * one under DATA_DIR), migrated first to this version's level (api/backup/restore.ts):
 *
 *   npm run restore -- <backup> [--replace]
 *
 * The file is checked through before anything is opened: a bad one changes nothing. A database
 * holding data is replaced only with --replace, in one transaction. Errors are one sentence on
 * standard error: exit 2 for a usage error, 1 otherwise.
 */
import { cliMain } from './cli-main.ts';
import { run, USAGE } from '../api/cli/restore.ts';

await cliMain(
  'restore',
  USAGE,
  {
    inMemory: 'DATA_DIR=memory has no database to restore into',
    whileServing: 'restore while it serves',
  },
  run,
);
