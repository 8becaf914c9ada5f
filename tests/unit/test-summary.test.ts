import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const dir = mkdtempSync(path.join(tmpdir(), 'shirase-summary-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The closing line `npm test` prints for a vitest JSON report holding these files. */
function summary(files: Array<{ name: string; status: string; tests: string[] }>): string {
  const all = files.flatMap((f) => f.tests);
  const report = {
    numPassedTests: all.filter((s) => s === 'passed').length,
    numFailedTests: all.filter((s) => s === 'failed').length,
    numPendingTests: all.filter((s) => s === 'skipped').length,
    numTodoTests: 0,
    testResults: files.map((f) => ({
      name: path.resolve(f.name),
      status: f.status,
      assertionResults: f.tests.map((status) => ({ status })),
    })),
  };
  const file = path.join(dir, `report-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, JSON.stringify(report));
  return execFileSync(process.execPath, ['scripts/test-summary.ts', file], { encoding: 'utf8' }).trim();
}

describe('the suite’s closing line', () => {
  it('counts passed, failed and skipped tests', () => {
    expect(
      summary([
        { name: 'tests/unit/a.test.ts', status: 'passed', tests: ['passed', 'passed', 'skipped'] },
        { name: 'tests/unit/b.test.ts', status: 'failed', tests: ['passed', 'failed'] },
      ]),
    ).toBe('tests: 3 passed, 1 failed, 1 skipped');
  });

  it('names a file that failed before its tests ran (a hook, a server that would not start), whose tests count as skipped', () => {
    expect(
      summary([
        { name: 'tests/unit/a.test.ts', status: 'passed', tests: ['passed'] },
        { name: 'tests/e2e/accessibility.test.ts', status: 'failed', tests: ['skipped', 'skipped'] },
      ]),
    ).toBe('tests: 1 passed, 0 failed, 2 skipped; 1 file failed outside its tests: tests/e2e/accessibility.test.ts');
  });
});
