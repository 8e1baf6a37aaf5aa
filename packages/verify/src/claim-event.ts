import { WebhookVerificationError } from '@webhooks/core';
import type { IdempotencyStore } from './idempotency-store.js';

/** The outcome of claiming an event id: whether a claim is held, and how to settle it. */
export interface EventClaim {
  claimed: boolean;
  complete(): Promise<void>;
  release(): Promise<void>;
}

/** No store, so nothing is claimed and nothing needs settling. */
export const NO_CLAIM: EventClaim = { claimed: false, complete: async () => {}, release: async () => {} };

/**
 * Claims a verified event id on receipt (not after processing), so two
 * concurrent deliveries of one event cannot both be processed. Throws
 * `duplicate_event` when the id was processed, and `event_in_flight` while
 * another request holds it. `complete()` records a success; `release()` gives
 * the id back after a failure (even after `complete()`), for the next delivery.
 */
export async function claimEvent(
  store: IdempotencyStore,
  id: string,
  { leaseMs, ttlMs }: { leaseMs: number; ttlMs: number },
): Promise<EventClaim> {
  const token = claimToken();
  const result = await store.claim(id, token, leaseMs);
  if (result === 'completed') throw new WebhookVerificationError('duplicate_event', `event ${id} was already received`);
  if (result !== 'claimed') {
    throw new WebhookVerificationError(
      'event_in_flight',
      `event ${id} is being processed by another request; retry within ${Math.ceil(leaseMs / 1000)} s`,
    );
  }
  let state: 'held' | 'completed' | 'released' = 'held';
  return {
    claimed: true,
    async complete() {
      if (state !== 'held') return;
      state = 'completed';
      await store.complete(id, token, ttlMs);
    },
    async release() {
      if (state === 'released') return;
      state = 'released';
      await store.release(id, token);
    },
  };
}

/** 96 random bits in hex: one per claim, so only its maker can settle it. */
function claimToken(): string {
  let hex = '';
  for (const byte of crypto.getRandomValues(new Uint8Array(12))) hex += byte.toString(16).padStart(2, '0');
  return hex;
}
