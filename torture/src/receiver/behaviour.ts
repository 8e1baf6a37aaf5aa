import type { Random } from '../random.js';

/** How the receiver treats requests: a share fails, a share is slow. */
export interface ReceiverBehaviour {
  latencyMs: number;
  /** Share of requests answered 503. */
  failShare: number;
  /** Share of requests that take `slowMs` instead of `latencyMs`. */
  slowShare: number;
  slowMs: number;
}

export const DEFAULT_BEHAVIOUR: Omit<ReceiverBehaviour, 'latencyMs'> = { failShare: 0.1, slowShare: 0.05, slowMs: 1000 };

/**
 * Decides one request's fate: how long to wait, and whether to answer 503 afterwards.
 * The latency varies by ±50 % around `latencyMs` so requests do not finish in lockstep.
 *
 * @example
 * const { delayMs, fail } = decideRequest(random, { ...DEFAULT_BEHAVIOUR, latencyMs: 50 });
 */
export function decideRequest(random: Random, behaviour: ReceiverBehaviour): { delayMs: number; fail: boolean } {
  const slow = random.chance(behaviour.slowShare);
  const delayMs = slow ? behaviour.slowMs : Math.round(behaviour.latencyMs * (0.5 + random()));
  return { delayMs, fail: random.chance(behaviour.failShare) };
}
