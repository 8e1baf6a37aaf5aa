import { verifySignature, WebhookVerificationError, type HeaderSource, type JsonObject } from '@webhooks/core';
import { resolveMaxBodyBytes } from './body-limit.js';
import { checkEventId } from './check-event-id.js';
import { claimEvent, NO_CLAIM } from './claim-event.js';
import { DEFAULT_IDEMPOTENCY_LEASE_MS, DEFAULT_IDEMPOTENCY_TTL_MS } from './idempotency-store.js';
import { parseWebhookEvent } from './parse-webhook-event.js';
import { toRawBody, type RawBody } from './to-raw-body.js';
import { tracedVerification } from './traced-verification.js';
import type { VerifiedWebhook, VerifyWebhookOptions } from './verify-options.js';

/** A request taken apart: its headers and its raw body. */
export interface RawWebhook {
  /** A Web `Headers`, Node's `req.headers`, or a plain object. */
  headers: HeaderSource;
  /** The exact body received: text or bytes, never a parsed object. */
  body: RawBody;
}

// Fatal: bytes that are not UTF-8 are a malformed body, never silently replaced.
const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Verifies a webhook from its headers and raw body, in any runtime: checks
 * the signature (any of `secrets`) and the timestamp, parses the body into
 * the event envelope, refuses an id header that differs from the body's `id`
 * (`event_id_mismatch`) and, with an `idempotency` store, claims that id
 * (`duplicate_event` once processed, `event_in_flight` while another request holds it).
 * Rejects with a `WebhookVerificationError` whose `code` says why.
 *
 * @example
 * const { event } = await verifyWebhook({ headers: req.headers, body: rawText }, { secret: process.env.WEBHOOK_SECRET });
 */
export function verifyWebhook<TObject extends object = JsonObject>(
  input: RawWebhook,
  options: VerifyWebhookOptions,
): Promise<VerifiedWebhook<TObject>> {
  return tracedVerification(input.headers, options, (inner) => verifyParts<TObject>(input, inner));
}

async function verifyParts<TObject extends object>(input: RawWebhook, options: VerifyWebhookOptions): Promise<VerifiedWebhook<TObject>> {
  const body = toRawBody(input.body, resolveMaxBodyBytes(options.maxBodyBytes));
  const signed = await verifySignature(input.headers, body, options);
  const rawBody = typeof body === 'string' ? body : decode(body);
  const event = parseWebhookEvent<TObject>(rawBody);
  checkEventId(signed.eventId, event.id, signed.scheme);
  const claim = options.idempotency
    ? await claimEvent(options.idempotency, event.id, {
        leaseMs: options.idempotencyLeaseMs ?? DEFAULT_IDEMPOTENCY_LEASE_MS,
        ttlMs: options.idempotencyTtlMs ?? DEFAULT_IDEMPOTENCY_TTL_MS,
      })
    : NO_CLAIM;
  const { claimed, complete, release } = claim;
  return { event, rawBody, scheme: signed.scheme, timestamp: signed.timestamp, claimed, complete, release };
}

function decode(bytes: Uint8Array): string {
  try {
    return decoder.decode(bytes);
  } catch {
    throw new WebhookVerificationError('malformed_body', 'the webhook body is not valid UTF-8');
  }
}
