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
import { parseArgs } from 'node:util';
import type { Database } from '../db/client.ts';
import { cliMain, UsageError } from './cli-main.ts';

const USAGE = 'usage: npm run restore -- <backup> [--replace]';

async function run(argv: string[], database: () => Promise<Database>): Promise<void> {
  let parsed: { positionals: string[]; values: { replace?: boolean } };
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options: { replace: { type: 'boolean' } } });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const [file, ...extra] = parsed.positionals;
  if (!file || extra.length) throw new UsageError(file ? 'Name one backup file.' : 'Name the backup file.');
  // Before the database is opened (seconds for the embedded one, and refused while a server holds it).
  const { readBackup } = await import('../api/backup/read.ts');
  const checked = await readBackup(file);
  const { restoreBackup } = await import('../api/backup/restore.ts');
  const { db, kind } = await database();
  const done = await restoreBackup({ db, engine: kind, file, replace: parsed.values.replace === true, checked });
  const replaced = Object.values(done.replaced).reduce((n, c) => n + c, 0);
  console.log(
    `Restored ${done.rows.toLocaleString('en')} rows in ${done.tables} tables from ${file}` +
      (replaced ? `, replacing ${replaced.toLocaleString('en')} rows.` : '.'),
  );
  console.log(
    kind === 'postgres'
      ? 'Running servers on this database republish the site now.'
      : 'The server publishes the restored data when it starts.',
  );
}

await cliMain(
  'restore',
  USAGE,
  {
    inMemory: 'DATA_DIR=memory has no database to restore into',
    whileServing: 'restore while it serves',
  },
  run,
);
