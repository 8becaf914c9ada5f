import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Which sources a build in dist/ was made from, so that `npm start` (scripts/start.ts) rebuilds
 * only when they changed. Every `astro build` writes it (integration.ts), whoever runs it.
 */

/** What `astro build` reads: the pages import the core and the publishing code, so those count too. */
const SOURCES = ['site', 'api', 'db', 'public', 'astro.config.mjs', 'tsconfig.json', 'package-lock.json'];
const STAMP = '.sources-hash';

/** A hash of every source file's path and bytes (a few hundred files: milliseconds). */
export function sourcesHash(root: string): string {
  const hash = createHash('sha256');
  for (const source of SOURCES) {
    const full = path.join(root, source);
    if (!existsSync(full)) continue;
    const files = statSync(full).isDirectory()
      ? readdirSync(full, { recursive: true, withFileTypes: true })
          .filter((e) => e.isFile())
          .map((e) => path.join(e.parentPath, e.name))
      : [full];
    for (const file of files.sort()) hash.update(`${path.relative(root, file)}\0`).update(readFileSync(file));
  }
  return hash.digest('hex');
}

export function isBuiltFrom(outDir: string, hash: string): boolean {
  const stamp = path.join(outDir, STAMP);
  return (
    existsSync(stamp) && existsSync(path.join(outDir, 'server', 'entry.mjs')) && readFileSync(stamp, 'utf8') === hash
  );
}

/** Before a build: a build that fails part-way must not leave the previous stamp claiming dist/. */
export function clearStamp(outDir: string): void {
  rmSync(path.join(outDir, STAMP), { force: true });
}

export function writeStamp(outDir: string, hash: string): void {
  writeFileSync(path.join(outDir, STAMP), hash);
}
