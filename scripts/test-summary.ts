/** Prints the plain closing line CI reads: `tests: N passed, N failed, N skipped`. */
import { readFileSync } from 'node:fs';
import path from 'node:path';

const file = process.argv[2];
if (!file) {
  console.error('usage: node scripts/test-summary.ts <vitest-json-report>');
  process.exit(2);
}
try {
  const r = JSON.parse(readFileSync(file, 'utf8')) as {
    numPassedTests: number;
    numFailedTests: number;
    numPendingTests: number;
    numTodoTests: number;
    testResults: Array<{ name: string; status: string; assertionResults: Array<{ status: string }> }>;
  };
  // A file that failed outside its tests (a hook, an import) fails no test: its tests count as skipped.
  const broken = r.testResults
    .filter((f) => f.status === 'failed' && !f.assertionResults.some((a) => a.status === 'failed'))
    .map((f) => path.relative(process.cwd(), f.name));
  console.log(
    `tests: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests + r.numTodoTests} skipped` +
      (broken.length
        ? `; ${broken.length} file${broken.length > 1 ? 's' : ''} failed outside ${broken.length > 1 ? 'their' : 'its'} tests: ${broken.join(', ')}`
        : ''),
  );
} catch (err) {
  console.error(`test-summary: could not read the vitest report ${file}: ${(err as Error).message}`);
  process.exit(1);
}
