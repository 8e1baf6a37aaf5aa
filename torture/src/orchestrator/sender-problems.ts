import type { DrainOutcome } from './final-drain.js';
import type { Tally } from './tally.js';

/** A ready sender that finished no application transaction for this long was stalled (it should finish dozens a second). */
export const STALL_MS = 2000;

/**
 * What went wrong with the senders themselves, one line each: a drain that never emptied,
 * crashes, start-up stalls, application transactions that stalled or failed.
 */
export function senderProblems(tally: Tally, drain: DrainOutcome, drainTimeoutMs: number): string[] {
  const problems: string[] = [];
  if (!drain.drained) {
    const pending = drain.lastPending ? JSON.stringify(drain.lastPending) : 'unknown';
    problems.push(drain.problem ?? `the final drain timed out after ${drainTimeoutMs / 1000} s; still pending: ${pending}`);
  }
  for (const crash of tally.crashes) problems.push(`crash: ${crash}`);
  for (const stall of tally.stalls) problems.push(`stall: ${stall}`);
  const stalled = tally.quietAtKillMs.filter((ms) => ms > STALL_MS);
  if (stalled.length > 0) {
    const longest = (Math.max(...stalled) / 1000).toFixed(1);
    problems.push(`application transactions stalled: ${stalled.length} sender(s) had finished none for over ${STALL_MS / 1000} s when killed (longest ${longest} s)`);
  }
  if (tally.txErrors > 0) problems.push(`${tally.txErrors} application transactions failed: ${tally.txErrorSamples.join(' | ')}`);
  return problems;
}
