import { WebhookError } from '@webhooks/core';
import type { ClaimResult, IdempotencyStore } from './idempotency-store.js';

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

interface Entry {
  token: string;
  completed: boolean;
  expiresAt: number;
}

/**
 * An `IdempotencyStore` in this process's memory: bounded, with claims
 * lapsing after their lease and completed ids after their TTL. It only
 * dedupes requests that reach this process; with several instances, use
 * `createSqlIdempotencyStore` or `@webhooks/redis`.
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
  // Entries are (re)inserted as they are claimed or completed, so the oldest sit at the front.
  const entries = new Map<string, Entry>();

  function sweep(time: number): void {
    for (const [id, entry] of entries) {
      if (entry.expiresAt > time) return;
      entries.delete(id);
    }
  }

  function put(id: string, entry: Entry): void {
    entries.delete(id);
    if (entries.size >= maxEntries) entries.delete(entries.keys().next().value as string);
    entries.set(id, entry);
  }

  return {
    get size() {
      return entries.size;
    },
    claim(id, token, leaseMs): ClaimResult {
      checkMs('leaseMs', leaseMs);
      const time = now();
      sweep(time);
      const entry = entries.get(id);
      if (entry !== undefined && entry.expiresAt > time) return entry.completed ? 'completed' : 'in_flight';
      put(id, { token, completed: false, expiresAt: time + leaseMs });
      return 'claimed';
    },
    complete(id, token, ttlMs) {
      checkMs('ttlMs', ttlMs);
      const time = now();
      const entry = entries.get(id);
      if (entry !== undefined && entry.token !== token && entry.expiresAt > time) return;
      put(id, { token, completed: true, expiresAt: time + ttlMs });
    },
    release(id, token) {
      if (entries.get(id)?.token === token) entries.delete(id);
    },
  };
}

function checkMs(name: string, value: number): void {
  if (!(value > 0)) throw new WebhookError('invalid_argument', `${name} must be a positive number`);
}
