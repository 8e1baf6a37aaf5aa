import type { VerificationErrorCode } from '@webhooks/core';

const STATUS: Record<VerificationErrorCode, number> = {
  missing_header: 401,
  malformed_header: 401,
  timestamp_too_old: 401,
  timestamp_too_new: 401,
  no_matching_signature: 401,
  malformed_body: 400,
  // Signed correctly (so not an authentication failure), but the request contradicts itself.
  event_id_mismatch: 400,
  body_too_large: 413,
  duplicate_event: 409,
  // Retryable everywhere: every sender retries a 5xx (ours does not retry a 409), and Retry-After says when.
  event_in_flight: 503,
  // The request is fine; the receiver is set up wrong (a JSON parser ran first).
  body_already_parsed: 500,
};

/**
 * The HTTP status to answer a failed verification with: 401 for a missing,
 * malformed or wrong signature and a stale or future timestamp, 400 for a
 * body that is not an event or an id header that differs from the body's
 * `id`, 409 for a duplicate, 503 for a duplicate whose first copy is still in
 * flight (send `Retry-After` too), 413 for a body over the limit, 500 for a body
 * parsed before verification (and any other code).
 *
 * @example
 * catch (err) { if (isWebhookError(err)) return new Response(err.message, { status: webhookErrorStatus(err.code) }); }
 */
export function webhookErrorStatus(code: string): number {
  return STATUS[code as VerificationErrorCode] ?? 500;
}
