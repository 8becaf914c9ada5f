import { mkdir, readdir, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { PublishedFile } from './store.ts';

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
 * Writes each published file, with its stored gzip and brotli variants beside it (`.gz`, `.br`,
 * as nginx's gzip_static and brotli_static expect), each dated by its Last-Modified so that a
 * static server answers conditional requests honestly.
 */
export async function writeExport(files: readonly PublishedFile[], dir: string): Promise<ExportReport> {
  let bytes = 0;
  for (const file of files) {
    const rel = exportPath(file.path);
    if (rel === null) throw new Error(`Refusing to export ${JSON.stringify(file.path)}: it would leave ${dir}.`);
    const target = path.join(dir, rel);
    await mkdir(path.dirname(target), { recursive: true });
    const variants: Array<[string, Buffer]> = [[target, file.body]];
    if (file.gzip) variants.push([`${target}.gz`, file.gzip]);
    if (file.br) variants.push([`${target}.br`, file.br]);
    for (const [name, body] of variants) {
      await writeFile(name, body);
      await utimes(name, file.lastModified, file.lastModified);
    }
    bytes += file.body.length;
  }
  return { files: files.length, bytes };
}
