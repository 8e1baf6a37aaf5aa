// The realistic delivery benchmark's workload, shared by its receivers and its senders.

/** Endpoints, each its own origin (a port) on loopback. */
export const ENDPOINTS = 200;
/** The slice of answers that are 503: they are retried (ours) or counted as failed (the loop). */
export const FAILURE_RATE = 0.05;
/** The engine's default attempt timeout (`timeoutMs`), used by the loop too: a hanging endpoint holds a slot this long. */
export const ATTEMPT_TIMEOUT_MS = 10_000;

export type Kind = 'fast' | 'medium' | 'slow' | 'hang';

/** Per 100 endpoints: 50 answer in about 50 ms, 40 in about 200 ms, 9 in about 1 s, and 1 never does. */
export function kindOf(endpoint: number): Kind {
  const slot = endpoint % 100;
  return slot < 50 ? 'fast' : slot < 90 ? 'medium' : slot < 99 ? 'slow' : 'hang';
}

export const LATENCY_MS: Record<Exclude<Kind, 'hang'>, number> = { fast: 50, medium: 200, slow: 1000 };

/** What one sender process is asked to do. */
export interface RunPlan {
  ports: number[];
  /** Events per second, one delivery each, spread evenly over the endpoints that get traffic. */
  rate: number;
  /** Measured window, after `warmMs` of the same load. */
  ms: number;
  warmMs: number;
  /** After the window, how long answers to deliveries dispatched in it are still collected (not counted in the rate). */
  graceMs: number;
  /** Whether the hanging endpoints get their share of events. */
  hanging: boolean;
}

/** What one sender process measured. */
export interface RunReport {
  /** Deliveries answered 2xx inside the window (a retry's success included). */
  delivered: number;
  /** Attempts answered or timed out inside the window. */
  attempts: number;
  /** Sum of those attempts' durations, for the mean latency. */
  attemptMs: number;
  /** Dispatch to 2xx of healthy endpoints' deliveries dispatched in the window, first attempts only. */
  firstTry: number[];
  /** Dispatch to 2xx of healthy endpoints' deliveries dispatched in the window, retries included. */
  anyTry: number[];
  /** Deliveries dispatched in the window. */
  dispatched: number;
  cpuMicros: number;
  peakRssBytes: number;
  /** The in-flight budget of this side: the transport's concurrency, or the loop's limit. */
  budget: number;
  /** Problems the side saw (engine errors, failed dispatches); a smoke run fails on any. */
  errors: string[];
}
