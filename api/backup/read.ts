import { createHash, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import { type BackupHeader, BackupError, type BackupTrailer, FORMAT, VERSION } from './format.ts';

export interface ReadBackup {
  header: BackupHeader;
  trailer: BackupTrailer;
}

/** Rows handed to a reader at a time (a restore inserts them in one statement). */
export const BATCH_ROWS = 500;

/**
 * Reads a backup through, recounting and rehashing every table against its trailer, and hands the
 * rows of each table to `onRows` in batches (in file order) when given. Whatever is wrong with the
 * file — not a backup, another version, truncated, damaged, edited — is a BackupError in one
 * sentence naming the file; a reader that loads as it goes must undo what it did then.
 */
export async function readBackup(
  file: string,
  onRows?: (table: string, lines: string[]) => Promise<void>,
): Promise<ReadBackup> {
  const name = path.basename(file);
  const gunzip = createGunzip();
  const input = createReadStream(file);
  let failure: Error | undefined;
  input.on('error', (err) => {
    failure = err;
    gunzip.destroy(err);
  });
  gunzip.on('error', (err) => {
    failure ??= err;
  });
  const lines = createInterface({ input: input.pipe(gunzip), crlfDelay: Number.POSITIVE_INFINITY });
  let header: BackupHeader | undefined;
  let trailer: BackupTrailer | undefined;
  const seen = new Map<string, { rows: number; hash: Hash }>();
  let table: string | null = null;
  let batch: string[] = [];
  // What the reader's own onRows threw goes back to it as it is, not as a fault of the file.
  let loadFailure: unknown;
  const flush = async () => {
    if (onRows && table && batch.length)
      await onRows(table, batch).catch((err: unknown) => {
        loadFailure = err;
        throw err;
      });
    batch = [];
  };
  try {
    for await (const line of lines) {
      if (trailer) throw new BackupError(`${name} has data after its end record: it is not a file Shirase wrote.`);
      if (!header) {
        header = parseHeader(line, name);
        continue;
      }
      if (line.startsWith('{"table":') || line.startsWith('{"end":')) {
        await flush();
        const record = parseJson(line, name) as { table?: unknown; end?: BackupTrailer };
        if (record.end) {
          trailer = record.end;
          continue;
        }
        if (typeof record.table !== 'string' || !header.tables.includes(record.table) || seen.has(record.table))
          throw new BackupError(`${name} has a section for ${String(record.table)} its header does not list.`);
        table = record.table;
        seen.set(table, { rows: 0, hash: createHash('sha256') });
        continue;
      }
      if (!table) throw new BackupError(`${name} has a row outside any table: it is damaged.`);
      const counted = seen.get(table)!;
      counted.rows += 1;
      counted.hash.update(`${line}\n`);
      batch.push(line);
      if (batch.length >= BATCH_ROWS) await flush();
    }
  } catch (err) {
    if (err instanceof BackupError || (loadFailure !== undefined && err === loadFailure)) throw err;
    throw damaged(name, failure ?? err);
  } finally {
    input.destroy();
  }
  if (failure) throw damaged(name, failure);
  if (!header) throw new BackupError(`${name} is empty: it is not a Shirase backup.`);
  if (!trailer)
    throw new BackupError(`${name} is incomplete: it ends before its end record (cut short while copying?).`);
  for (const t of header.tables) {
    const expected = trailer.tables?.[t];
    const got = seen.get(t);
    const sha256 = got?.hash.digest('hex');
    if (!expected || !got || expected.rows !== got.rows || expected.sha256 !== sha256)
      throw new BackupError(
        `${name} does not match its own checksums (table ${t}: ${got?.rows ?? 0} rows read, ${expected?.rows ?? 'none'} recorded): it is damaged.`,
      );
  }
  return { header, trailer };
}

function damaged(name: string, err: unknown): BackupError {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return new BackupError(`${name} does not exist.`);
  if (code === 'EISDIR') return new BackupError(`${name} is a folder, not a backup file.`);
  if (code === 'Z_DATA_ERROR' || code === 'Z_BUF_ERROR')
    return new BackupError(`${name} is not a gzip file Shirase wrote, or it is damaged (${(err as Error).message}).`);
  return new BackupError(`${name} cannot be read: ${(err as Error).message}.`);
}

function parseJson(line: string, name: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    throw new BackupError(`${name} has a line that is not JSON: it is damaged.`);
  }
}

function parseHeader(line: string, name: string): BackupHeader {
  let header: Partial<BackupHeader>;
  try {
    header = JSON.parse(line) as Partial<BackupHeader>;
  } catch {
    throw new BackupError(`${name} is not a Shirase backup (its first line is not its header).`);
  }
  if (header?.format !== FORMAT) throw new BackupError(`${name} is not a Shirase backup.`);
  if (header.version !== VERSION)
    throw new BackupError(
      `${name} is a Shirase backup of format version ${header.version}; this Shirase reads version ${VERSION}.`,
    );
  if (!Array.isArray(header.tables) || typeof header.migration?.when !== 'number')
    throw new BackupError(`${name} has a damaged header.`);
  return header as BackupHeader;
}
