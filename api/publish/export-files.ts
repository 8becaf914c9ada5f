import { constants } from 'node:fs';
import { copyFile, link, mkdir, readdir, stat, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import pLimit from 'p-limit';
import type { Encoding, FileStore } from './store.ts';

/** Files written at once: enough to keep the disk busy, few enough to bound open files and buffers. */
const EXPORT_CONCURRENCY = 32;

/**
 * Where a published URL path lives in a static copy: a page `/x/` is `x/index.html` (what any
 * static server answers for a directory), everything else keeps its name. Null for a path that
 * would leave the directory (the store never holds one, but the copy must not trust that).
 */
export function exportPath(urlPath: string): string | null {
  const rel = urlPath.endsWith('/') ? `${urlPath}index.html` : urlPath;
  const parts = rel.split('/').slice(1);
  if (
    !rel.startsWith('/') ||
    parts.some((p) => p === '' || p === '.' || p === '..' || p.includes('\\') || p.includes('\0'))
  )
    return null;
  return parts.join('/');
}

export interface ExportReport {
  files: number;
  /** Identity bytes written (the .gz and .br siblings not counted). */
  bytes: number;
}

/** Refuses a directory that holds anything: a DR copy mixed with an older one would serve stale files. */
export async function ensureEmptyDirectory(dir: string): Promise<void> {
  const entries = await readdir(dir).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return [];
    throw err;
  });
  if (entries.length > 0)
    throw new Error(`${dir} is not empty: give a new or empty directory, so that no older file is left in the copy.`);
  await mkdir(dir, { recursive: true });
}

/**
 * Writes each published file of the store's current generation, with its stored gzip and brotli
 * variants beside it (`.gz`, `.br`, as nginx's gzip_static and brotli_static expect), each dated by
 * its Last-Modified so that a static server answers conditional requests honestly. Objects in the
 * store's packs are written out from their bytes (a pack holds many objects); those of a store
 * written before packs, one file each, are hard-linked (2.6x faster than copying here) when one
 * path alone uses them, since a link shares the date too, and copied otherwise (a reflink where
 * the file system offers one). Nothing is re-encoded, and the copy never shares a file the server
 * writes into.
 */
export async function writeExport(store: FileStore, dir: string): Promise<ExportReport> {
  const files = store.all();
  const targets = files.map((file) => {
    const rel = exportPath(file.path);
    if (rel === null) throw new Error(`Refusing to export ${JSON.stringify(file.path)}: it would leave ${dir}.`);
    return path.join(dir, rel);
  });
  for (const folder of [...new Set(targets.map((t) => path.dirname(t)))].sort())
    await mkdir(folder, { recursive: true });
  const limit = pLimit(EXPORT_CONCURRENCY);
  const uses = new Map<string, number>();
  for (const f of files) uses.set(f.hash, (uses.get(f.hash) ?? 0) + 1);
  let linkable = true;
  let bytes = 0;
  const write = async (file: (typeof files)[number], encoding: Encoding, target: string) => {
    const object = store.objectFile(file.hash, encoding);
    if (!object) await writeFile(target, await store.read(file, encoding));
    else if (!(linkable && uses.get(file.hash) === 1 && (await link(object, target).then(() => true, unlinkable))))
      await copyFile(object, target, constants.COPYFILE_FICLONE);
    await utimes(target, file.lastModified, file.lastModified);
  };
  /** Another file system, or one without hard links: copy from then on. */
  const unlinkable = (err: NodeJS.ErrnoException) => {
    if (!['EXDEV', 'EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'EMLINK'].includes(err.code ?? '')) throw err;
    linkable = false;
    return false;
  };
  /** A packed object (or one held in memory): its variants come in one read and are written out. */
  const writeOut = async (file: (typeof files)[number], target: string) => {
    const object = await store.readObject(file);
    const out = async (b: Buffer, to: string) => {
      await writeFile(to, b);
      await utimes(to, file.lastModified, file.lastModified);
    };
    await Promise.all([
      out(object.identity, target),
      object.gzip && out(object.gzip, `${target}.gz`),
      object.br && out(object.br, `${target}.br`),
    ]);
    return object.identity.length;
  };
  await Promise.all(
    files.map((file, i) =>
      limit(async () => {
        const target = targets[i]!;
        if (!store.objectFile(file.hash, 'identity')) {
          const written = await writeOut(file, target);
          bytes += written;
          return;
        }
        await write(file, 'identity', target);
        if (file.gzip) await write(file, 'gzip', `${target}.gz`);
        if (file.br) await write(file, 'br', `${target}.br`);
        const { size } = await stat(target);
        bytes += size;
      }),
    ),
  );
  return { files: files.length, bytes };
}
