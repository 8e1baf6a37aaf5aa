/**
 * Remembers which event ids were received, so a redelivery is answered
 * without being processed twice. `claim` must be atomic: of two concurrent
 * calls with the same id, exactly one resolves `true`. Back it with Redis
 * (`SET key 1 NX PX ttl`), a unique database row, or the in-memory store.
 *
 * @example
 * const store: IdempotencyStore = {
 *   claim: async (id, ttlMs) => (await redis.set(`webhook:${id}`, '1', 'PX', ttlMs, 'NX')) === 'OK',
 *   release: async (id) => { await redis.del(`webhook:${id}`); },
 * };
 */
export interface IdempotencyStore {
  /** Records `id` for `ttlMs` unless it is already recorded. True when this call recorded it. */
  claim(id: string, ttlMs: number): boolean | Promise<boolean>;
  /** Forgets `id`, so the next delivery of it is claimed again. */
  release(id: string): void | Promise<void>;
}

/** Default time an event id is remembered: longer than a sender's retry schedule. */
export const DEFAULT_IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
