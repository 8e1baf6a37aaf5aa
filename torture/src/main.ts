// `pnpm torture`: the crash-torture run. See ../README.md for what it attacks and how to read it.
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseTortureOptions, UsageError, type TortureOptions } from './cli/parse-options.js';
import { USAGE } from './cli/usage.js';
import type { CombinationResult } from './orchestrator/combination-result.js';
import { buildChildEntries } from './orchestrator/build-children.js';
import { runAll } from './orchestrator/run-all.js';
import { startReceiver } from './receiver/start-receiver.js';
import { EXIT_USAGE, exitCodeOf } from './report/exit-code.js';
import { formatNotes } from './report/format-notes.js';
import { formatTable } from './report/format-table.js';
import { writeResultsJson } from './report/results-json.js';

let options: TortureOptions;
try {
  options = parseTortureOptions(process.argv.slice(2));
} catch (err) {
  if (!(err instanceof UsageError)) throw err;
  console.error(`${err.message}\nRun pnpm torture --help for the options.`);
  process.exit(EXIT_USAGE);
}
if (options.help) {
  console.log(USAGE);
  process.exit(0);
}

const started = Date.now();
const runTag = `${Date.now().toString(36).slice(-5)}${Math.floor(Math.random() * 36 ** 2).toString(36).padStart(2, '0')}`;
const logsDir = options.logsDir ?? mkdtempSync(join(tmpdir(), 'webhooks-torture-'));
mkdirSync(logsDir, { recursive: true });
console.log(
  `torture ${options.full ? 'full' : 'short'} run ${runTag}: ${options.combinations.length} combination(s), ${options.kills} kills each, ` +
    `receiver latency ${options.latencyMs} ms, ${options.rate || 'unlimited'} tx/s per sender, ${options.parallel} at a time, ` +
    `seed ${options.seed}, logs in ${logsDir}`,
);

const entries = await buildChildEntries(runTag);
const receiver = await startReceiver({ entry: entries.receiver, seed: options.seed, latencyMs: options.latencyMs, logFile: join(logsDir, 'receiver.log') });
let results: CombinationResult[];
try {
  const context = { options, receiver, senderEntry: entries.sender, runTag, logsDir };
  results = await runAll(options.combinations, context, options.parallel, (result) => {
    const lost = result.verdict ? `, ${result.verdict.lost.length} lost, ${result.verdict.phantom.length} phantom` : '';
    console.log(`${result.combination.name}: ${result.status} in ${Math.round(result.wallMs / 1000)} s (${result.committed} committed${lost})`);
  });
} finally {
  receiver.stop();
  entries.remove();
}

const wallMs = Date.now() - started;
console.log(`\n${formatTable(results)}\n\n${formatNotes(results)}\n`);
console.log(`total ${Math.round(wallMs / 1000)} s; replay the schedule with --seed ${options.seed}`);
if (options.jsonFile) writeResultsJson(options.jsonFile, { seed: options.seed, kills: options.kills, latencyMs: options.latencyMs, wallMs }, results);
process.exit(exitCodeOf(results));
