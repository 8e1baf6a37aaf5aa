import { writeFileSync } from 'node:fs';
import type { CombinationResult } from '../orchestrator/combination-result.js';

const EXAMPLES = 20;

/** Writes the results for machines: counts, problems, evidence, and up to 20 examples of each kind. */
export function writeResultsJson(file: string, run: { seed: number; kills: number; latencyMs: number; wallMs: number }, results: readonly CombinationResult[]): void {
  const combinations = results.map((r) => ({
    combination: r.combination.name,
    status: r.status,
    problems: r.problems,
    kills: r.tally.kills,
    startupKills: r.tally.startupKills,
    committed: r.committed,
    rolledBack: r.tally.rolledBack,
    txErrors: r.tally.txErrors,
    expected: r.verdict?.expected,
    received: r.verdict?.received,
    lost: r.verdict?.lost.length,
    phantom: r.verdict?.phantom.length,
    duplicates: r.verdict?.duplicates,
    dead: r.verdict?.dead.length,
    drain: r.drain,
    wallMs: r.wallMs,
    evidence: r.evidence,
    logDigest: r.logDigest,
    examples: { lost: r.verdict?.lost.slice(0, EXAMPLES), phantom: r.verdict?.phantom.slice(0, EXAMPLES), dead: r.verdict?.dead.slice(0, EXAMPLES) },
    kept: r.kept,
  }));
  writeFileSync(file, `${JSON.stringify({ ...run, combinations }, null, 2)}\n`);
}
