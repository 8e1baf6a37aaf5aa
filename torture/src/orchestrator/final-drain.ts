import type { PendingWork } from '../pending.js';
import { DRAIN_TIMED_OUT } from '../sender/sender-messages.js';
import type { SenderSpec } from '../sender/sender-spec.js';
import { logTail } from './log-tail.js';
import { spawnSender } from './sender-process.js';

/** How the final drain went. */
export interface DrainOutcome {
  drained: boolean;
  ms: number;
  /** What was still pending at the drain's last check. */
  lastPending?: PendingWork;
  /** Why it did not drain, beyond a timeout: a crash or a hang. */
  problem?: string;
}

/** Time a drain process gets to start and to close politely, on top of the drain timeout. */
const GRACE_MS = 60_000;

/**
 * The last sender run: writes nothing, is not killed, and exits once nothing is pending, or
 * when the drain timeout passes (what is still missing then counts as lost).
 *
 * @example
 * const outcome = await runFinalDrain(entries.sender, spec, '/tmp/run/drain.log');
 */
export async function runFinalDrain(entry: string, spec: SenderSpec, logFile: string): Promise<DrainOutcome> {
  const started = Date.now();
  let lastPending: PendingWork | undefined;
  const sender = spawnSender(entry, { ...spec, mode: 'drain' }, logFile, (message) => {
    if (message.type === 'pending') lastPending = message.pending;
  });
  let hung = false;
  const timer = setTimeout(() => {
    hung = true;
    sender.kill();
  }, spec.drainTimeoutMs + GRACE_MS);
  const exit = await sender.exited;
  clearTimeout(timer);
  const outcome: DrainOutcome = { drained: exit.code === 0, ms: Date.now() - started, ...(lastPending ? { lastPending } : {}) };
  if (hung) outcome.problem = `the drain process did not exit within ${(spec.drainTimeoutMs + GRACE_MS) / 1000} s and was killed`;
  else if (exit.code !== 0 && exit.code !== DRAIN_TIMED_OUT) {
    outcome.problem = `the drain process failed (code ${exit.code}, signal ${exit.signal}):\n${logTail(logFile)}`;
  }
  return outcome;
}
