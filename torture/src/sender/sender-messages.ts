import type { PendingWork } from '../pending.js';

/** What a sender tells the orchestrator over IPC. */
export type SenderMessage =
  /** The stack is up (recovered, consuming): the kill window starts now. */
  | { type: 'ready' }
  /** One application transaction ended after `ms`. `error` is a failure the writer did not ask for. */
  | { type: 'tx'; outcome: 'committed' | 'rolled-back' | 'error'; ms: number; error?: string }
  /** Drain mode: what was still pending at a check. */
  | { type: 'pending'; pending: PendingWork }
  /** Setup or drain finished its work. */
  | { type: 'done' };

/** Exit code of a drain that timed out with work still pending. */
export const DRAIN_TIMED_OUT = 3;

/** Sends a message to the orchestrator; resolves once it is handed to the channel (a no-op without IPC). */
export function tell(message: SenderMessage): Promise<void> {
  return new Promise((resolve) => (process.send ? process.send(message, undefined, undefined, () => resolve()) : resolve()));
}
