import type { CombinationResult } from '../orchestrator/combination-result.js';

/**
 * What the table cannot say, per combination: why it failed, the evidence from the database,
 * how the drain went, and where its logs (and kept database) are.
 */
export function formatNotes(results: readonly CombinationResult[]): string {
  const blocks = results.map((r) => {
    const lines = [`${r.combination.name}: ${r.status.toUpperCase()}`];
    const drain = r.drain ? `final drain ${r.drain.drained ? 'emptied everything' : 'did NOT empty everything'} in ${(r.drain.ms / 1000).toFixed(1)} s` : 'no final drain';
    const ready = [...r.tally.readyMs].sort((a, b) => a - b);
    const startup = ready.length > 0 ? `start-up ${(ready[Math.floor(ready.length / 2)]! / 1000).toFixed(1)} s median, ${(ready.at(-1)! / 1000).toFixed(1)} s max` : 'never ready';
    lines.push(`  ${r.tally.kills} kills (${r.tally.startupKills} during start-up); ${startup}; ${drain}; receiver failed ${r.failedOnPurpose} requests on purpose`);
    lines.push(`  application transactions: ${describeDurations(r.tally.txMs)}`);
    for (const problem of r.problems) lines.push(`  ✗ ${problem}`);
    for (const evidence of r.evidence) lines.push(`  · ${evidence}`);
    for (const line of r.logDigest) lines.push(`  log: ${line}`);
    for (const kept of r.kept) lines.push(`  ${kept}`);
    return lines.join('\n');
  });
  return blocks.join('\n\n');
}

/** `812 done; p50 4 ms, p99 31 ms, max 5012 ms`: how long application transactions took. */
function describeDurations(ms: readonly number[]): string {
  if (ms.length === 0) return 'none finished';
  const sorted = [...ms].sort((a, b) => a - b);
  const at = (q: number) => Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!);
  return `${sorted.length} finished; p50 ${at(0.5)} ms, p99 ${at(0.99)} ms, max ${Math.round(sorted.at(-1)!)} ms`;
}
