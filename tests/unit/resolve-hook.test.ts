import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, test } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');

type Resolution = { specifier: string; parent: string; url: string; format: string | null };

/**
 * In a Node of its own: every module resolution on the way to the database layer (db/client.ts and
 * both drivers' drizzle entry points), as the application finally sees it — recorded by a hook
 * registered last, so that it wraps scripts/resolve-hook.ts's when that one is on.
 */
function resolutions(withHook: boolean): Resolution[] {
  const hook = pathToFileURL(path.join(root, 'scripts/resolve-hook.ts')).href;
  const client = pathToFileURL(path.join(root, 'db/client.ts')).href;
  const script = `
    import { registerHooks } from 'node:module';
    ${withHook ? `(await import(${JSON.stringify(hook)})).resolveDrizzleQuickly();` : ''}
    const seen = [];
    registerHooks({
      resolve(specifier, context, next) {
        const found = next(specifier, context);
        seen.push({ specifier, parent: context.parentURL ?? '', url: found.url, format: found.format ?? null });
        return found;
      },
    });
    await import(${JSON.stringify(client)});
    for (const m of ['drizzle-orm/pglite', 'drizzle-orm/pglite/migrator', 'drizzle-orm/node-postgres', 'drizzle-orm/node-postgres/migrator']) await import(m);
    console.log(JSON.stringify(seen));
  `;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(out.trim().split('\n').at(-1)!);
}

test('the quick drizzle-orm resolution gives every module the URL and format Node gives it', () => {
  const key = (r: Resolution) => `${r.parent} → ${r.specifier}`;
  const plain = new Map(resolutions(false).map((r) => [key(r), r]));
  const quick = new Map(resolutions(true).map((r) => [key(r), r]));
  // Hundreds of drizzle-orm's own modules, or the comparison says nothing.
  expect([...plain.values()].filter((r) => r.url.includes('/node_modules/drizzle-orm/')).length).toBeGreaterThan(300);
  const differences = [...new Set([...plain.keys(), ...quick.keys()])]
    .filter((k) => JSON.stringify(plain.get(k)) !== JSON.stringify(quick.get(k)))
    .map((k) => ({ import: k, node: plain.get(k) ?? null, hook: quick.get(k) ?? null }));
  expect(differences).toEqual([]);
}, 60_000);
