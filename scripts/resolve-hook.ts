/**
 * A resolve hook for drizzle-orm's modules, which Node 24 resolves slowly: for every module it loads
 * from a package, it looks up the package's "type" (getPackageScopeConfig), and for every bare
 * `drizzle-orm/…` import its "exports" (packageResolve); both spread the whole package.json into a
 * new object, so its "exports" string is parsed each time (lib/internal/modules/package_json_reader.js).
 * drizzle-orm's package.json is 179 KB, nearly all "exports", and a server loads 469 of its modules,
 * from the ~50 of ours that import it: measured here, importing its PostgreSQL, node-postgres and PGlite
 * entry points took 1.36-1.40 s, 0.15 s with the hook: on every server start and every CLI run
 * that opens the database.
 *
 * The hook answers only what Node would answer, without the lookups:
 * - an ES module import of a relative "./…" or "../…" specifier ending in ".js", from a module inside
 *   drizzle-orm, is that URL, in the package's own format ("module", read once from its package.json);
 * - a bare `drizzle-orm` or `drizzle-orm/…` import from one of our modules (in the project, outside
 *   any node_modules folder) resolves the same from every such module: Node's answer for the first one is kept for the rest.
 * Anything else (require() calls, other packages) goes to Node's resolver unchanged.
 */
import { readFileSync } from 'node:fs';
import { registerHooks, type ResolveFnOutput } from 'node:module';

let registered = false;

export function resolveDrizzleQuickly(): void {
  if (registered) return;
  registered = true;
  // Its root: the folder of its main entry (its package.json is not among its "exports").
  const root = new URL('./', import.meta.resolve('drizzle-orm')).href;
  const { type } = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as { type?: string };
  // Only an ES module package: its ".js" files are modules, whatever imports them.
  if (type !== 'module') return;
  // The folder whose node_modules holds it: our modules, there and outside any node_modules, all find this copy.
  const project = root.replace(/node_modules\/drizzle-orm\/$/, '');
  const bare = new Map<string, ResolveFnOutput>();
  registerHooks({
    resolve(specifier, context, nextResolve) {
      const parent = context.parentURL;
      const esm = context.conditions?.includes('import');
      if (!parent || !esm) return nextResolve(specifier, context);
      if (
        parent.startsWith(root) &&
        (specifier.startsWith('./') || specifier.startsWith('../')) &&
        specifier.endsWith('.js')
      ) {
        const url = new URL(specifier, parent).href;
        if (url.startsWith(root)) return { url, format: 'module', shortCircuit: true };
      }
      if (
        (specifier === 'drizzle-orm' || specifier.startsWith('drizzle-orm/')) &&
        parent.startsWith(project) &&
        !parent.includes('/node_modules/')
      ) {
        const key = `${specifier}\0${context.conditions!.join(',')}`;
        const resolved = bare.get(key) ?? nextResolve(specifier, context);
        bare.set(key, resolved);
        return { ...resolved, shortCircuit: true };
      }
      return nextResolve(specifier, context);
    },
  });
}
