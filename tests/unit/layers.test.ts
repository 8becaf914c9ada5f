import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full) : /\.(ts|astro|mjs)$/.test(name) ? [full] : [];
  });
}
const importsOf = (file: string) =>
  [...readFileSync(file, 'utf8').matchAll(/(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g)].map((m) => m[1]!);

/** The layering of shared/docs/style.md: HTTP or page → core → db, enforced here rather than by memory. */
describe('layers', () => {
  it('keeps drizzle-orm and the schema out of site/, api/http/ and api/publish/', () => {
    const offenders = [...filesUnder('site'), ...filesUnder('api/http'), ...filesUnder('api/publish')].flatMap((f) =>
      importsOf(f)
        .filter((i) => i.startsWith('drizzle-orm') || i.includes('db/schema'))
        .map((i) => `${f} imports ${i}`),
    );
    expect(offenders).toEqual([]);
  });
  it('keeps Hono and Astro out of the core', () => {
    const offenders = filesUnder('api/core').flatMap((f) =>
      importsOf(f)
        .filter((i) => /^(hono|@hono\/|astro)/.test(i))
        .map((i) => `${f} imports ${i}`),
    );
    expect(offenders).toEqual([]);
  });
});
