import type { Combination } from '../combinations.js';
import type { CombinationResult } from './combination-result.js';
import { runCombination, type RunContext } from './run-combination.js';

/** Kafka combinations take longest (each restart waits for the group); starting them first keeps the lanes even. */
const cost = (c: Combination) => (c.transport === 'kafka' ? 2 : 0) + (c.senders > 1 ? 1 : 0);

/**
 * Runs every combination, `parallel` at a time, longest first; resolves with the results in
 * the order the combinations were given. `onResult` hears each one as it finishes.
 *
 * @example
 * const results = await runAll(combinations, context, 2, (r) => console.log(r.status));
 */
export async function runAll(
  combinations: readonly Combination[],
  context: RunContext,
  parallel: number,
  onResult: (result: CombinationResult) => void,
): Promise<CombinationResult[]> {
  const results: CombinationResult[] = new Array(combinations.length);
  const queue = combinations.map((combination, index) => ({ combination, index })).sort((a, b) => cost(b.combination) - cost(a.combination));
  const lane = async () => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      const result = await runCombination(next.combination, next.index, context);
      results[next.index] = result;
      onResult(result);
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, combinations.length) }, lane));
  return results;
}
