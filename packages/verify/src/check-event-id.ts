import { HEADER_EVENT_ID, STANDARD_HEADER_ID, WebhookVerificationError, type SignatureScheme } from '@webhooks/core';

/**
 * Refuses a request whose id header names another event than its signed body.
 * Under hmac-sha256 the header is not signed, so a captured request could be
 * sent again with a fresh id header to slip past anything that keys on it
 * (a proxy, a queue, a receiver's own deduplication); under standard-webhooks
 * both are signed, and a sender that signs two different ids contradicts itself.
 * An absent header is fine: the body's `id` is what counts.
 */
export function checkEventId(headerId: string | undefined, bodyId: string, scheme: SignatureScheme): void {
  if (headerId === undefined || headerId === bodyId) return;
  const header = scheme === 'hmac-sha256' ? HEADER_EVENT_ID : STANDARD_HEADER_ID;
  // Neither value is quoted: the header is the sender's (or an attacker's) text, not ours to echo into logs.
  throw new WebhookVerificationError('event_id_mismatch', `${header} does not match the "id" of the signed body`);
}
