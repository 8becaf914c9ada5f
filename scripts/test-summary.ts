/** Prints the plain closing line CI reads: `tests: N passed, N failed, N skipped`. */
import { readFileSync } from 'node:fs';

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
  };
  console.log(
    `tests: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests + r.numTodoTests} skipped`,
  );
} catch (err) {
  console.error(`test-summary: could not read the vitest report ${file}: ${(err as Error).message}`);
  process.exit(1);
}
