import { systemClock, WebhookConfigError, type Clock, type ConfigIssue } from '@webhooks/core';
import { checkMilliseconds, checkPositiveIntegers } from '@webhooks/core/adapter';

/**
 * Options of `createMemoryTransport`; every one has a default.
 *
 * @example
 * createMemoryTransport({ concurrency: 200, endpointConcurrency: 16, maxQueued: 50_000, publishTimeoutMs: 5000 });
 */
export interface MemoryTransportOptions {
  /**
   * Handlers running at once. Default 1000: enough to keep about 2 000 deliveries a second going to
   * receivers that take 200–300 ms on average (in flight = rate × latency).
   */
  concurrency?: number;
  /**
   * Handlers one endpoint's jobs may hold at once; its other jobs wait in order, holding no slot, so a
   * hanging or slow endpoint cannot take the slots of the others. Default 32, the undici sender's
   * connections per origin.
   */
  endpointConcurrency?: number;
  /** Jobs held at once, ready and delayed together; `publish` and `schedule` wait for room beyond it. Default 10 000. */
  maxQueued?: number;
  /** How long `publish`/`schedule` wait for room before rejecting with `queue_full`; 0 rejects at once. Default: no limit. */
  publishTimeoutMs?: number;
  /** Delay before a job whose handler rejected is handed over again. Default 1000. */
  redeliveryDelayMs?: number;
  /** How long `close()` keeps handing out ready jobs when called without `timeoutMs`. Default 10 000. */
  closeTimeoutMs?: number;
  /** Time source for delayed jobs and timeouts; tests pass a manual clock. Default `systemClock`. */
  clock?: Clock;
}

export type ResolvedMemoryTransportOptions = Required<Omit<MemoryTransportOptions, 'publishTimeoutMs'>> & {
  publishTimeoutMs: number;
};

/** Applies defaults and rejects impossible values at creation, naming each option that is wrong. */
export function resolveMemoryTransportOptions(options: MemoryTransportOptions = {}): ResolvedMemoryTransportOptions {
  const resolved: ResolvedMemoryTransportOptions = {
    concurrency: options.concurrency ?? 1000,
    endpointConcurrency: options.endpointConcurrency ?? 32,
    maxQueued: options.maxQueued ?? 10_000,
    publishTimeoutMs: options.publishTimeoutMs ?? Number.POSITIVE_INFINITY,
    redeliveryDelayMs: options.redeliveryDelayMs ?? 1000,
    closeTimeoutMs: options.closeTimeoutMs ?? 10_000,
    clock: options.clock ?? systemClock,
  };
  const issues: ConfigIssue[] = [];
  checkPositiveIntegers(issues, resolved, ['concurrency', 'endpointConcurrency', 'maxQueued']);
  checkMilliseconds(issues, resolved, ['publishTimeoutMs', 'redeliveryDelayMs', 'closeTimeoutMs'], { finite: false });
  if (resolved.redeliveryDelayMs === Number.POSITIVE_INFINITY) {
    issues.push({ path: 'redeliveryDelayMs', message: 'must be finite: a job whose handler rejected must come back' });
  }
  if (issues.length > 0) throw new WebhookConfigError(issues);
  return resolved;
}
