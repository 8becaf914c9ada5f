import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, test } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');

/**
 * In a Node of its own: the packages resolved by the modules scripts/serve.ts loads before the
 * serving thread listens (the configuration, main.ts, the shutdown and the log). The database layer
 * and the backend come after, in the background (main.ts imports backend.ts once it listens).
 */
function packagesBeforeListening(): string[] {
  const modules = ['api/server/config.ts', 'api/server/main.ts', 'api/server/shutdown.ts', 'api/server/logger.ts'].map(
    (m) => pathToFileURL(path.join(root, m)).href,
  );
  const script = `
    import { registerHooks } from 'node:module';
    const seen = new Set();
    registerHooks({
      resolve(specifier, context, next) {
        const found = next(specifier, context);
        const m = /node_modules\\/((?:@[^/]+\\/)?[^/]+)\\//.exec(found.url);
        if (m) seen.add(m[1]);
        return found;
      },
    });
    for (const m of ${JSON.stringify(modules)}) await import(m);
    console.log(JSON.stringify([...seen].sort()));
  `;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: root, encoding: 'utf8' });
  return JSON.parse(out.trim().split('\n').at(-1)!);
}

test('a restart serves its stored pages before the database layer is loaded (no drizzle-orm, pg or PGlite on the way)', () => {
  // Loading drizzle-orm's schema alone took ~1.7 s here: through the configuration's defaults it
  // put the first 200 of a restart at 2.5 s, against the 2 s.
  const loaded = packagesBeforeListening();
  expect(loaded).toContain('zod');
  expect(loaded.filter((p) => ['drizzle-orm', 'pg', '@electric-sql/pglite', 'hono'].includes(p))).toEqual([]);
});
