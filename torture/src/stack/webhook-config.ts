import { defineWebhooks, type WebhookConfig } from '@webhooks/core';
import { ENDPOINTS, ITEM_MODEL } from '../endpoints.js';

/**
 * Short retry delays, so a 503 is retried within the run, and enough retries that the
 * receiver's 10 % failure rate never runs a delivery out of them (a dead delivery is reported
 * apart from lost ones, but should not happen at all here).
 */
export const TORTURE_RETRY = { initialDelayMs: 200, maxDelayMs: 2000 } as const;
export const TORTURE_MAX_RETRIES = 30;

/**
 * Leases much shorter than the default 30 s: a killed sender's deliveries are taken over
 * after `leaseMs`, and the final drain would otherwise wait that long after the last kill
 * in every combination. The guarantee does not depend on the length.
 */
export const TORTURE_LEASES = { leaseMs: 2000, sweepIntervalMs: 250 } as const;

/** The header naming the sender process (its life) that made an attempt, so the receiver can tell who sent what. */
export const LIFE_HEADER = 'X-Torture-Life';

/**
 * The webhooks configuration of every sender: both endpoints on the loopback receiver, each
 * naming the model explicitly, and a static header with the sender's life.
 *
 * @example
 * tortureConfig({ alpha: 'http://127.0.0.1:4000/c1/alpha', beta: 'http://127.0.0.1:4000/c1/beta' }, 's0l3')
 */
export function tortureConfig(endpointUrls: Record<string, string>, life: string): WebhookConfig {
  return defineWebhooks({
    allowPrivateNetwork: true, // the receiver is on loopback
    maxRetries: TORTURE_MAX_RETRIES,
    retry: TORTURE_RETRY,
    endpoints: ENDPOINTS.map(({ name, secret }) => ({
      name,
      url: endpointUrls[name]!,
      secret,
      includeModels: [ITEM_MODEL],
      headers: { [LIFE_HEADER]: life },
    })),
  });
}
