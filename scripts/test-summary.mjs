// Prints one closing line from vitest's JSON report, and fails if any test was skipped
// (nothing in CI may be skipped silently) or none ran.
import { readFileSync } from 'node:fs';

const report = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const passed = report.numPassedTests;
const failed = report.numFailedTests;
const skipped = report.numPendingTests + report.numTodoTests;
console.log(`\ntests: ${passed} passed, ${failed} failed`);
if (skipped > 0) {
  console.error(`${skipped} tests were skipped; every test must run in CI`);
  process.exit(1);
}
if (passed === 0 || failed > 0 || !report.success) process.exit(1);
