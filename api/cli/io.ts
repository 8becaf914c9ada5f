/**
 * What a data command (backup, restore, export-data, import-data) is given besides its arguments,
 * so that the command-line tool and the running server (api/server/control-socket.ts) run the very
 * same code: where its lines go, the folder relative paths are read against, and the settings and
 * clock of the process it runs in.
 */
import path from 'node:path';
import { type ParseArgsConfig, parseArgs } from 'node:util';
import type { Database } from '../../db/client.ts';
import { type BackupConfig, backupConfigFromEnv } from '../server/backup-config.ts';

export class UsageError extends Error {}

/** The command line parsed as node:util's parseArgs does; what it refuses is a usage error. */
export function parseCommandLine<T extends ParseArgsConfig>(config: T): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs(config);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

export interface CommandIo {
  /** One line of the command's output (standard output). */
  out(line: string): void;
  /** One line for the operator's eyes only (standard error). */
  err(line: string): void;
  /** The folder a relative path on the command line means (the caller's, not the server's). */
  cwd: string;
}

/** The process the command runs in: the CLI's own, or the server holding the embedded database. */
export interface CommandHost {
  now(): Date;
  /** BACKUP_DIR and the retention rule: the environment's in the CLI, the server's configuration in the server. */
  backup(): BackupConfig;
  /** Only in the server: publishes the site again after the command changed the data (`changedOnly`: if it differs). */
  republish: ((changedOnly: boolean) => Promise<void>) | null;
}

export type Command = (
  argv: string[],
  database: () => Promise<Database>,
  io: CommandIo,
  host: CommandHost,
) => Promise<void>;

/** A path as the caller meant it: relative ones against their folder. */
export const resolveIn = (io: CommandIo, file: string): string => path.resolve(io.cwd, file);

/** The command-line tool's own side: the console, its working folder, its environment. */
export function consoleIo(): CommandIo {
  return { out: (line) => console.log(line), err: (line) => console.error(line), cwd: process.cwd() };
}

export function cliHost(): CommandHost {
  return {
    now: () => new Date(),
    backup: () => backupConfigFromEnv(process.env, process.env.DATA_DIR ?? './data'),
    republish: null,
  };
}

/**
 * How a command's failure is told, in the CLI and through the server alike: one sentence naming the
 * command, with the usage after a usage error (exit 2), exit 1 for any other.
 */
export function failure(
  name: string,
  usage: string,
  err: unknown,
  describe: (err: unknown) => string = (e) => (e instanceof Error ? e.message : String(e)),
): { line: string; code: 1 | 2 } {
  return err instanceof UsageError
    ? { line: `shirase ${name}: ${err.message}\n${usage}`, code: 2 }
    : { line: `shirase ${name}: ${describe(err)}`, code: 1 };
}
