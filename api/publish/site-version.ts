import { createHash, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Which build of the site renders the pages: the sources hash every `astro build` stamps into
 * dist/ (site/adapter/build-stamp.ts), else a hash of the server entry. A build that cannot be
 * identified gets a value of its own, so that output from another build is never taken as current.
 */
export function builtSiteVersion(distDir = path.resolve('dist')): string {
  for (const [file, read] of [
    ['.sources-hash', (b: Buffer) => b.toString('utf8').trim()],
    [path.join('server', 'entry.mjs'), (b: Buffer) => createHash('sha256').update(b).digest('hex')],
  ] as const) {
    try {
      const version = read(readFileSync(path.join(distDir, file)));
      if (version) return version;
    } catch {
      // Not there: try the next way of telling builds apart.
    }
  }
  return `unidentified-${randomUUID()}`;
}
