/** What a claim on an event id found: it is now held by this request, held by another, or done. */
export type ClaimResult = 'claimed' | 'in_flight' | 'completed';

/**
 * Remembers which event ids were received and whether their processing
 * finished, so a redelivery is not processed twice, and one that arrives while
 * the first copy is still being handled is told to come back later. Every
 * call carries the claim's `token`: `complete` and `release` only act on a
 * claim that token made, so a holder whose lease lapsed cannot undo the next
 * holder's work. `claim` must be atomic: of concurrent calls with one id,
 * exactly one gets `'claimed'`. Shipped: `createMemoryIdempotencyStore`,
 * `createSqlIdempotencyStore`, and `createRedisIdempotencyStore` in `@webhooks/redis`.
 *
 * @example
 * const result = await store.claim('evt_1', token, 60_000); // 'claimed' | 'in_flight' | 'completed'
 * if (result === 'claimed') { await handle(); await store.complete('evt_1', token, 86_400_000); }
 */
export interface IdempotencyStore {
  /**
   * Claims `id` for `leaseMs` unless a live claim or a completion holds it. A lease that
   * lapses (the process died mid-handler) leaves the id free for the next delivery.
   */
  claim(id: string, token: string, leaseMs: number): ClaimResult | Promise<ClaimResult>;
  /**
   * Marks `id` as processed, remembered for `ttlMs`: unless another token holds it now.
   * Also records an id whose lease lapsed while nobody took it over.
   */
  complete(id: string, token: string, ttlMs: number): void | Promise<void>;
  /** Forgets `id` if `token` holds it, in flight or completed, so the next delivery is processed. */
  release(id: string, token: string): void | Promise<void>;
}

/** Default time a processed event id is remembered: longer than a sender's retry schedule. */
export const DEFAULT_IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;

/**
 * Default time a claim holds while its request is being handled. Longer than a
 * sender waits for an answer (10 s here, 15 s at Standard Webhooks senders), so a
 * redelivery after a timeout finds the first copy still in flight; short enough
 * that a process that died mid-handler frees the id before the sender gives up.
 */
export const DEFAULT_IDEMPOTENCY_LEASE_MS = 60 * 1000;
