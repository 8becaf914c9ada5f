/**
 * How a command-line tool opens the server's own database (DATABASE_URL, or the embedded one under
 * DATA_DIR): migrated, and when a running server holds the embedded one, refused with a sentence
 * naming its pid, since PGlite is one process at a time (db/folder-lock.ts).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { type Database, openDatabase, targetFromEnv } from '../db/client.ts';
import { HeldByServer } from '../api/server/control-protocol.ts';

/** The server holding the embedded database: its pid from the lock db/folder-lock.ts keeps beside the folder. */
function embeddedHolder(dataDir: string): number | null {
  try {
    const { pid } = JSON.parse(readFileSync(`${path.resolve(dataDir)}.lock`, 'utf8')) as { pid: number };
    process.kill(pid, 0);
    return pid;
  } catch {
    return null;
  }
}

export interface ServerDatabaseWords {
  /** Why DATA_DIR=memory cannot serve, e.g. `DATA_DIR=memory keeps no operators`. */
  inMemory: string;
  /** What to do while the server runs, e.g. `manage operators while it serves`. */
  whileServing: string;
}

export async function openServerDatabase(words: ServerDatabaseWords): Promise<Database> {
  const target = targetFromEnv(process.env);
  if (target.kind === 'pglite' && target.dataDir === null)
    throw new Error(`${words.inMemory}: set DATA_DIR or DATABASE_URL to the server’s database.`);
  try {
    const database = await openDatabase(target);
    await database.migrate();
    return database;
  } catch (err) {
    const dataDir = target.kind === 'pglite' ? target.dataDir : null;
    const pid = dataDir ? embeddedHolder(dataDir) : null;
    if (dataDir && pid !== null && pid !== process.pid)
      throw new HeldByServer(
        `The embedded database in ${path.dirname(dataDir)} is in use by the server (pid ${pid}); stop it first, or run Shirase on PostgreSQL (DATABASE_URL) to ${words.whileServing}.`,
        pid,
        path.dirname(dataDir),
      );
    throw err;
  }
}
