/**
 * Loads a backup made by `npm run backup` into the server's database, migrated first to this
 * version's level (api/backup/restore.ts): `npm run restore -- <backup> [--replace]`. The file is
 * checked through before the database is opened: a bad one changes nothing. A database holding
 * data is replaced only with --replace, in one transaction.
 */
import { type Command, parseCommandLine, resolveIn, UsageError } from './io.ts';

export const USAGE = 'usage: npm run restore -- <backup> [--replace]';

export const run: Command = async (argv, database, io, host) => {
  const parsed = parseCommandLine({ args: argv, allowPositionals: true, options: { replace: { type: 'boolean' } } });
  const [named, ...extra] = parsed.positionals;
  if (!named || extra.length) throw new UsageError(named ? 'Name one backup file.' : 'Name the backup file.');
  const file = resolveIn(io, named);
  // Before the database is opened (seconds for the embedded one, and refused while a server holds it).
  const { readBackup } = await import('../backup/read.ts');
  const checked = await readBackup(file);
  const { restoreBackup } = await import('../backup/restore.ts');
  const { db, kind } = await database();
  const done = await restoreBackup({ db, engine: kind, file, replace: parsed.values.replace === true, checked });
  const replaced = Object.values(done.replaced).reduce((n, c) => n + c, 0);
  io.out(
    `Restored ${done.rows.toLocaleString('en')} rows in ${done.tables} tables from ${named}` +
      (replaced ? `, replacing ${replaced.toLocaleString('en')} rows.` : '.'),
  );
  if (kind === 'postgres') return io.out('Running servers on this database republish the site now.');
  if (!host.republish) return io.out('The server publishes the restored data when it starts.');
  // The server holding the embedded database ran this: its pages show the restored data once this is said.
  await host.republish(false);
  io.out('The server has republished the site from the restored data.');
};
