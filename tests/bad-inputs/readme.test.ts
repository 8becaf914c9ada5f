import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/** shared/docs/bad-inputs.md numbers its families 1 to 15. */
const FAMILIES = Array.from({ length: 15 }, (_, i) => i + 1);
const here = path.dirname(new URL(import.meta.url).pathname);
const root = path.resolve(here, '../..');

interface Row {
  line: number;
  family: number;
  file: string;
  tests: string[];
}

/** The rows of the README's table: `| # | Surface | File | Tests |`, each test name in backticks. */
function rows(): Row[] {
  return readFileSync(path.join(here, 'README.md'), 'utf8')
    .split('\n')
    .map((text, i) => ({ text, line: i + 1 }))
    .filter(({ text }) => /^\|\s*\d+\s*\|/.test(text))
    .map(({ text, line }) => {
      const [family, , file, tests] = text
        .split('|')
        .slice(1, 5)
        .map((cell) => cell.trim());
      return { line, family: Number(family), file: file!, tests: [...tests!.matchAll(/`([^`]+)`/g)].map((m) => m[1]!) };
    });
}

describe('tests/bad-inputs/README.md', () => {
  const table = rows();

  it('gives every family of bad-inputs.md at least one test', () => {
    const missing = FAMILIES.filter((n) => !table.some((row) => row.family === n));
    expect(missing, 'families without a row').toEqual([]);
    expect(table.filter((row) => !FAMILIES.includes(row.family)).map((row) => row.line)).toEqual([]);
  });

  it('names only test files that exist, and tests those files still hold', () => {
    const wrong: string[] = [];
    for (const row of table) {
      const file = path.join(root, row.file);
      if (!/^tests\/.+\.test\.ts$/.test(row.file) || !existsSync(file)) {
        wrong.push(`line ${row.line}: no test file ${row.file}`);
        continue;
      }
      const source = readFileSync(file, 'utf8');
      if (row.tests.length === 0) wrong.push(`line ${row.line}: no test named for ${row.file}`);
      for (const name of row.tests)
        if (!source.includes(name)) wrong.push(`line ${row.line}: ${row.file} has no test "${name}"`);
    }
    expect(wrong).toEqual([]);
  });

  it('lists every test file of this folder', () => {
    const listed = new Set(table.map((row) => row.file));
    const own = readdirSync(here)
      .filter((f) => f.endsWith('.test.ts') && f !== 'readme.test.ts')
      .map((f) => `tests/bad-inputs/${f}`);
    expect(own.filter((f) => !listed.has(f))).toEqual([]);
  });
});
