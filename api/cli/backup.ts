/**
 * A backup of the server's database into one verified file, then the retention rule on its folder
 * (api/backup/): `npm run backup [-- <dir>]` (default BACKUP_DIR, else DATA_DIR/backups). Prints
 * the file, its size and rows, and the backups kept and removed.
 */
import { type Command, parseCommandLine, resolveIn, UsageError } from './io.ts';

export const USAGE = 'usage: npm run backup [-- <dir>]   (default BACKUP_DIR, else DATA_DIR/backups)';

export const run: Command = async (argv, database, io, host) => {
  const { positionals } = parseCommandLine({ args: argv, allowPositionals: true, options: {} });
  if (positionals.length > 1) throw new UsageError('Name one folder.');
  const config = host.backup();
  const named = positionals[0];
  const dir = named === undefined ? config.dir : resolveIn(io, named);
  if (!dir) throw new UsageError('DATA_DIR=memory has no backups folder: name one, or set BACKUP_DIR.');
  const { db, kind } = await database();
  const { backupAndPrune } = await import('../backup/index.ts');
  const done = await backupAndPrune({ db, engine: kind, dir, now: host.now(), rule: config.retention });
  const tables = Object.keys(done.tables).length;
  io.out(
    `Wrote ${done.file} (${done.bytes.toLocaleString('en')} bytes, ${done.rows.toLocaleString('en')} rows in ${tables} tables), verified.`,
  );
  io.out(
    `Kept ${done.plan.keep.length} backup(s) in ${dir}` +
      (done.plan.remove.length
        ? `; removed ${done.plan.remove.length}: ${done.plan.remove.join(', ')}.`
        : '; removed none.'),
  );
};
