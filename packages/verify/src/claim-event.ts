import { WebhookVerificationError } from '@webhooks/core';
import { DEFAULT_IDEMPOTENCY_TTL_MS, type IdempotencyStore } from './idempotency-store.js';

/** The outcome of claiming an event id: whether a claim is held, and how to give it back. */
export interface EventClaim {
  claimed: boolean;
  release(): Promise<void>;
}

/** No store, so nothing is claimed and nothing needs releasing. */
export const NO_CLAIM: EventClaim = { claimed: false, release: async () => {} };

/**
 * Claims a verified event id on receipt (not after processing), so two
 * concurrent deliveries of one event cannot both be processed. A failed
 * processing gives the claim back with `release()`.
 */
export async function claimEvent(store: IdempotencyStore, id: string, ttlMs?: number): Promise<EventClaim> {
  if (!(await store.claim(id, ttlMs ?? DEFAULT_IDEMPOTENCY_TTL_MS))) {
    throw new WebhookVerificationError('duplicate_event', `event ${id} was already received`);
  }
  let held = true;
  return {
    claimed: true,
    async release() {
      if (!held) return;
      held = false;
      await store.release(id);
    },
  };
}
