import type { CombinationResult } from '../orchestrator/combination-result.js';

const HEADER = [
  'combination', 'kills', 'committed', 'rolled back', 'expected', 'received', 'lost', 'phantom', 'duplicates', 'of which in flight at a kill', 'dead', 'wall time',
];
/** Columns aligned to the right (numbers). */
const NUMERIC = new Set([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);

/**
 * The results as one Markdown table (readable in a terminal, pasteable into a README). Lost and
 * duplicates show their share of the expected deliveries; a combination that could not run shows
 * dashes.
 *
 * @example
 * console.log(formatTable(results));
 */
export function formatTable(results: readonly CombinationResult[]): string {
  const rows = results.map(row);
  const widths = HEADER.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => (NUMERIC.has(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join(' | ')} |`;
  const rule = `|${widths.map((w, i) => (NUMERIC.has(i) ? `${'-'.repeat(w + 1)}:` : `${'-'.repeat(w + 2)}`)).join('|')}|`;
  return [line(HEADER), rule, ...rows.map(line)].join('\n');
}

function row(result: CombinationResult): string[] {
  const { combination, tally, verdict } = result;
  const wall = `${Math.round(result.wallMs / 1000)} s`;
  if (!verdict) return [`${combination.name} (${result.status})`, String(tally.kills), '-', '-', '-', '-', '-', '-', '-', '-', '-', wall];
  const share = (n: number) => `${n} (${verdict.expected === 0 ? '0' : ((100 * n) / verdict.expected).toFixed(n > 0 && n * 1000 < verdict.expected ? 2 : 1)} %)`;
  return [
    combination.name,
    String(tally.kills),
    String(result.committed),
    String(tally.rolledBack),
    String(verdict.expected),
    String(verdict.received),
    share(verdict.lost.length),
    String(verdict.phantom.length),
    share(verdict.duplicates),
    String(verdict.duplicatesInFlightAtKill),
    String(verdict.dead.length),
    wall,
  ];
}
