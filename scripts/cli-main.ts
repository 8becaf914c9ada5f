/**
 * The part every database CLI shares (operator, backup, restore, export-data, import-data): the
 * database opened only when the command needs it and always closed (on SIGINT and SIGTERM too: the
 * embedded database must not be left open), one sentence on standard error, exit 2 with the usage
 * for a usage error, 1 for any other failure.
 *
 * When a running server holds the embedded database, a data command (not the operator CLI) is sent
 * to that server's control socket and run there on its own handle (api/server/control-socket.ts);
 * only without an answer there is the server's pid named in the refusal.
 */
import type { Database } from '../db/client.ts';
import { HeldByServer, isControlCommand } from '../api/server/control-protocol.ts';
import { type Command, cliHost, consoleIo, failure } from '../api/cli/io.ts';
import { resolveDrizzleQuickly } from './resolve-hook.ts';
import type { ServerDatabaseWords } from './server-database.ts';

export { UsageError } from '../api/cli/io.ts';

export async function cliMain(
  name: string,
  usage: string,
  words: ServerDatabaseWords,
  run: Command,
  /** The sentence a failure is told in (default: its message). */
  describe?: (err: unknown) => string,
): Promise<never> {
  // Before the command loads the database layer (drizzle-orm): ~1.2 s less for each run.
  resolveDrizzleQuickly();
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
  const argv = process.argv.slice(2);
  try {
    // Loaded only once a database is needed: a usage error or a bad file is told without it.
    await run(
      argv,
      () => (opened ??= import('./server-database.ts').then(({ openServerDatabase }) => openServerDatabase(words))),
      consoleIo(),
      cliHost(),
    );
  } catch (err) {
    const forwarded =
      err instanceof HeldByServer && isControlCommand(name)
        ? await import('./control-client.ts').then(({ askServer }) => askServer(err.dataDir, name, argv))
        : null;
    if (forwarded !== null) code = forwarded;
    else {
      const told = failure(name, usage, err, describe);
      console.error(told.line);
      code = told.code;
    }
  } finally {
    await close().catch(() => {});
  }
  process.exit(code);
}
