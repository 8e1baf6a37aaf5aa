import { WebhookError } from '@webhooks/core';
import type { IdempotencyStore } from './idempotency-store.js';

/** Options of `createMemoryIdempotencyStore`. */
export interface MemoryIdempotencyStoreOptions {
  /** Most ids kept; past it the oldest is forgotten first. Default 10 000. */
  maxEntries?: number;
  /** Clock in ms, for tests. Default `Date.now`. */
  now?: () => number;
}

/** The in-memory store, with its current number of remembered ids. */
export interface MemoryIdempotencyStore extends IdempotencyStore {
  readonly size: number;
}

/**
 * An `IdempotencyStore` in this process's memory: bounded, with ids expiring
 * after their TTL. It only dedupes requests that reach this process; with
 * several instances, use a shared store.
 *
 * @example
 * const idempotency = createMemoryIdempotencyStore({ maxEntries: 50_000 });
 * await verifyRequest(request, { secret, idempotency });
 */
export function createMemoryIdempotencyStore(options: MemoryIdempotencyStoreOptions = {}): MemoryIdempotencyStore {
  const maxEntries = options.maxEntries ?? 10_000;
  if (!Number.isInteger(maxEntries) || maxEntries < 1) {
    throw new WebhookError('invalid_argument', 'maxEntries must be a positive integer');
  }
  const now = options.now ?? Date.now;
  // Insertion order is expiry order while the TTL is constant, so expired ids sit at the front.
  const expiries = new Map<string, number>();

  function sweep(time: number): void {
    for (const [id, expiresAt] of expiries) {
      if (expiresAt > time) return;
      expiries.delete(id);
    }
  }

  return {
    get size() {
      return expiries.size;
    },
    claim(id, ttlMs) {
      if (!(ttlMs > 0)) throw new WebhookError('invalid_argument', 'ttlMs must be a positive number');
      const time = now();
      sweep(time);
      const expiresAt = expiries.get(id);
      if (expiresAt !== undefined && expiresAt > time) return false;
      expiries.delete(id);
      if (expiries.size >= maxEntries) expiries.delete(expiries.keys().next().value as string);
      expiries.set(id, time + ttlMs);
      return true;
    },
    release(id) {
      expiries.delete(id);
    },
  };
}
