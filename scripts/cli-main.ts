/**
 * The part every database CLI shares (operator, backup, restore, export-data, import-data): the
 * database opened only when the command needs it and always closed (on SIGINT and SIGTERM too: the
 * embedded database must not be left open), one sentence on standard error, exit 2 with the usage
 * for a usage error, 1 for any other failure.
 */
import type { Database } from '../db/client.ts';
import type { ServerDatabaseWords } from './server-database.ts';

export class UsageError extends Error {}

export async function cliMain(
  name: string,
  usage: string,
  words: ServerDatabaseWords,
  run: (argv: string[], database: () => Promise<Database>) => Promise<void>,
  /** The sentence a failure is told in (default: its message). */
  describe: (err: unknown) => string = (err) => (err instanceof Error ? err.message : String(err)),
): Promise<never> {
  let opened: Promise<Database> | null = null;
  const close = async () => {
    const database = await opened?.catch(() => null);
    await database?.close();
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const)
    process.once(signal, () => {
      void close().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
    });
  let code = 0;
  try {
    // Loaded only once a database is needed: a usage error or a bad file is told without it.
    await run(
      process.argv.slice(2),
      () => (opened ??= import('./server-database.ts').then(({ openServerDatabase }) => openServerDatabase(words))),
    );
  } catch (err) {
    if (err instanceof UsageError) {
      console.error(`shirase ${name}: ${err.message}\n${usage}`);
      code = 2;
    } else {
      console.error(`shirase ${name}: ${describe(err)}`);
      code = 1;
    }
  } finally {
    await close().catch(() => {});
  }
  process.exit(code);
}
