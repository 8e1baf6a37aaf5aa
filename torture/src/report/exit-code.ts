import type { CombinationResult } from '../orchestrator/combination-result.js';

/** Every combination held. */
export const EXIT_OK = 0;
/** A guarantee failed somewhere: lost or phantom events, a crash, a stall, failed application transactions, a drain that never emptied. */
export const EXIT_FAILED = 1;
/** A combination could not run (a service or the broker missing, the set-up failed). Wins over EXIT_FAILED. */
export const EXIT_COULD_NOT_RUN = 2;
/** Bad command-line options. */
export const EXIT_USAGE = 64;

/** The process's exit code for a run's results. */
export function exitCodeOf(results: readonly CombinationResult[]): number {
  if (results.some((r) => r.status === 'could-not-run')) return EXIT_COULD_NOT_RUN;
  if (results.some((r) => r.status === 'failed')) return EXIT_FAILED;
  return EXIT_OK;
}
