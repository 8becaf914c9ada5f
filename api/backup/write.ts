import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { backupTables, quoteIdent, rowsOf, sequenceStates } from './catalog.ts';
import { type BackupHeader, BackupError, backupName, FORMAT, type TableSummary, VERSION } from './format.ts';
import { databaseLevel } from './migration-level.ts';
import { BATCH_ROWS, readBackup } from './read.ts';

export interface WrittenBackup {
  file: string;
  bytes: number;
  rows: number;
  tables: Record<string, TableSummary>;
}

/**
 * Writes a backup of every table into `dir` as of one moment (a read-only repeatable-read
 * transaction: writes meanwhile are not half in it), under a `.partial` name, synced; reads it
 * back against its own counts and hashes; and only then gives it its name. A file with a backup's
 * name is therefore whole and verified; a failure leaves none.
 */
export async function writeBackup({
  db,
  engine,
  dir,
  now,
}: {
  db: Db;
  engine: 'pglite' | 'postgres';
  dir: string;
  now: Date;
}): Promise<WrittenBackup> {
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, backupName(now));
  if (await stat(file).catch(() => null))
    throw new BackupError(`${path.basename(file)} already exists: one backup a second.`);
  const partial = `${file}.partial`;
  const gzip = createGzip();
  const out = createWriteStream(partial, { flags: 'w', mode: 0o600 });
  gzip.pipe(out);
  const written = finished(out);
  written.catch(() => {});
  const put = async (text: string) => {
    if (!gzip.write(text)) await once(gzip, 'drain');
  };
  try {
    const tables = await db.transaction(
      async (tx) => {
        const list = await backupTables(tx);
        const header: BackupHeader = {
          format: FORMAT,
          version: VERSION,
          createdAt: now.toISOString(),
          engine,
          migration: await databaseLevel(tx),
          tables: list.map((t) => t.name),
        };
        await put(`${JSON.stringify(header)}\n`);
        const summaries: Record<string, TableSummary> = {};
        for (const t of list) {
          await put(`${JSON.stringify({ table: t.name })}\n`);
          summaries[t.name] = await copyTable(tx, t.name, t.keys, put);
        }
        const sequences = await sequenceStates(tx, header.tables);
        await put(`${JSON.stringify({ end: { tables: summaries, sequences } })}\n`);
        return summaries;
      },
      { isolationLevel: 'repeatable read', accessMode: 'read only' },
    );
    gzip.end();
    await written;
    const handle = await open(partial, 'r');
    await handle.sync().finally(() => handle.close());
    await readBackup(partial);
    await rename(partial, file);
    await syncFolder(dir);
    const rows = Object.values(tables).reduce((n, t) => n + t.rows, 0);
    return { file, bytes: (await stat(file)).size, rows, tables };
  } catch (err) {
    gzip.destroy();
    // The stream opens its file asynchronously: a backup that failed at once (a database gone) could
    // remove the .partial before the open created it, and leave it behind. Removed once it is closed.
    out.destroy();
    await new Promise<void>((resolve) => (out.closed ? resolve() : out.once('close', () => resolve())));
    await rm(partial, { force: true });
    throw err;
  }
}

/** A table's rows through a cursor, a batch at a time: a large audit log is never all in memory. */
async function copyTable(
  tx: Db,
  table: string,
  keys: string,
  put: (text: string) => Promise<void>,
): Promise<TableSummary> {
  const hash = createHash('sha256');
  let rows = 0;
  const q = quoteIdent(table);
  await tx.execute(
    sql.raw(`declare backup_rows no scroll cursor for select to_jsonb(${q})::text as r from ${q} order by ${keys}`),
  );
  for (;;) {
    const batch = rowsOf<{ r: string }>(await tx.execute(sql.raw(`fetch ${BATCH_ROWS} from backup_rows`)));
    if (batch.length === 0) break;
    const text = batch.map((b) => `${b.r}\n`).join('');
    hash.update(text);
    rows += batch.length;
    await put(text);
  }
  await tx.execute(sql.raw('close backup_rows'));
  return { rows, sha256: hash.digest('hex') };
}

async function syncFolder(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } catch {
    // Some file systems refuse to sync a folder; the file itself is synced.
  } finally {
    await handle.close();
  }
}
