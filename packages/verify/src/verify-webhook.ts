import { WebhookVerificationError, type HeaderSource, type JsonObject, type VerifiedSignature } from '@webhooks/core';
import { checkSignature } from '@webhooks/core/adapter';
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
  return tracedVerification(input.headers, options, (inner) => promised(() => checkWebhook<TObject>(input, inner)));
}

/**
 * `verifyWebhook`'s checks, untraced, without a promise when every step answers at once (Node's HMAC, no
 * idempotency store): returns the verified webhook or throws. A request verified that way costs no
 * microtask, which showed in a loaded server.
 */
export function checkWebhook<TObject extends object>(input: RawWebhook, options: VerifyWebhookOptions): VerifiedWebhook<TObject> | Promise<VerifiedWebhook<TObject>> {
  const body = toRawBody(input.body, resolveMaxBodyBytes(options.maxBodyBytes));
  const signed = checkSignature(input.headers, body, options);
  if (signed instanceof Promise) return signed.then((verified) => checkBody<TObject>(body, verified, options));
  return checkBody<TObject>(body, signed, options);
}

function checkBody<TObject extends object>(
  body: string | Uint8Array,
  signed: VerifiedSignature,
  options: VerifyWebhookOptions,
): VerifiedWebhook<TObject> | Promise<VerifiedWebhook<TObject>> {
  const rawBody = typeof body === 'string' ? body : decode(body);
  const event = parseWebhookEvent<TObject>(rawBody);
  checkEventId(signed.eventId, event.id, signed.scheme);
  const { scheme, timestamp } = signed;
  if (!options.idempotency) return { event, rawBody, scheme, timestamp, claimed: false, complete: NO_CLAIM.complete, release: NO_CLAIM.release };
  const claiming = claimEvent(options.idempotency, event.id, {
    leaseMs: options.idempotencyLeaseMs ?? DEFAULT_IDEMPOTENCY_LEASE_MS,
    ttlMs: options.idempotencyTtlMs ?? DEFAULT_IDEMPOTENCY_TTL_MS,
  });
  return claiming.then(({ claimed, complete, release }) => ({ event, rawBody, scheme, timestamp, claimed, complete, release }));
}

/** `run()`'s value or its throw, as a promise. */
export function promised<T>(run: () => T | Promise<T>): Promise<T> {
  try {
    return Promise.resolve(run());
  } catch (err) {
    return Promise.reject(err);
  }
}

function decode(bytes: Uint8Array): string {
  try {
    return decoder.decode(bytes);
  } catch {
    throw new WebhookVerificationError('malformed_body', 'the webhook body is not valid UTF-8');
  }
}
