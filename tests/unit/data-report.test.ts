import { describe, expect, it } from 'vitest';
import type { ImportResult } from '../../api/data/import.ts';
import { describeImport } from '../../api/data/report.ts';

const ids = (n: number, prefix: string) =>
  Array.from({ length: n }, (_, i) => `${prefix}${String(i).padStart(4, '0')}`);

/** An import's result as describeImport reads it: the incidents' plan, nothing matched by name. */
const result = (added: string[], changed: string[]): ImportResult =>
  ({
    plan: { kinds: { incidents: { added, changed, unchanged: [] } }, matched: [], data: {} },
    written: false,
    webhookSecrets: [],
  }) as unknown as ImportResult;

describe('the import report', () => {
  it('names the first twenty ids added and counts the rest, but names every id changed', () => {
    const report = describeImport(result(ids(3998, 'a'), ids(30, 'c')), {
      source: 'status.json',
      dryRun: true,
      update: false,
    });
    expect(report).toContain('  incidents: 3998 added, 30 changed (refused without --update), 0 left as they are');
    expect(report).toContain(`  added incidents: ${ids(20, 'a').join(', ')} and 3978 more\n`);
    expect(report).toContain(`  changed incidents: ${ids(30, 'c').join(', ')}`);
    expect(report.length).toBeLessThan(2_000);
  });

  it('names all the ids added when they are twenty or fewer', () => {
    const report = describeImport(result(ids(20, 'a'), []), { source: 'status.json', dryRun: true, update: false });
    expect(report).toContain(`  added incidents: ${ids(20, 'a').join(', ')}`);
    expect(report).not.toContain('more');
  });
});
