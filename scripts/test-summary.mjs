// Prints one closing line from vitest's JSON reports, and fails if any test was skipped
// (nothing in CI may be skipped silently), failed, or none ran.
import { readFileSync } from 'node:fs';

let passed = 0;
let failed = 0;
let skipped = 0;
let success = true;
for (const file of process.argv.slice(2)) {
  const report = JSON.parse(readFileSync(file, 'utf8'));
  passed += report.numPassedTests;
  failed += report.numFailedTests;
  skipped += report.numPendingTests + report.numTodoTests;
  success &&= report.success;
}
if (skipped > 0) console.error(`${skipped} tests were skipped; every test must run in CI`);
console.log(`tests: ${passed} passed, ${failed} failed`);
if (skipped > 0 || passed === 0 || failed > 0 || !success) process.exit(1);
