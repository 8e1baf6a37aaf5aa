/** Every error code this library raises, grouped by the error class that carries it. */
export type ConfigErrorCode = 'invalid_config';
export type VerificationErrorCode =
  | 'missing_header'
  | 'malformed_header'
  | 'timestamp_too_old'
  | 'timestamp_too_new'
  | 'no_matching_signature'
  | 'body_already_parsed'
  | 'body_too_large'
  | 'malformed_body'
  | 'event_id_mismatch'
  | 'duplicate_event'
  | 'event_in_flight';
export type DeliveryErrorCode =
  | 'network_error'
  | 'timeout'
  | 'ssrf_blocked'
  | 'invalid_response'
  | 'queue_full'
  | 'log_full'
  | 'closed'
  | 'not_found';
export type WebhookErrorCode =
  | ConfigErrorCode
  | VerificationErrorCode
  | DeliveryErrorCode
  | 'invalid_payload'
  | 'invalid_argument';

/**
 * Base class of every error this library throws. Check `err.code` (or
 * `isWebhookError(err)`) rather than `instanceof`: two copies of the package
 * may coexist in one process.
 *
 * @example
 * try { verify(...) } catch (err) { if (isWebhookError(err, 'timestamp_too_old')) ... }
 */
export class WebhookError extends Error {
  readonly code: WebhookErrorCode;

  constructor(code: WebhookErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'WebhookError';
    this.code = code;
  }
}

/** An invalid configuration; `issues` lists every problem, each with its path. */
export class WebhookConfigError extends WebhookError {
  readonly issues: readonly ConfigIssue[];

  constructor(issues: readonly ConfigIssue[]) {
    const lines = issues.map((i) => (i.path ? `${i.path} ${i.message}` : i.message));
    super('invalid_config', `Invalid webhook configuration:\n  - ${lines.join('\n  - ')}`);
    this.name = 'WebhookConfigError';
    this.issues = issues;
  }
}

/** One problem found in a configuration: where (`endpoints[1].url`) and what. */
export interface ConfigIssue {
  path: string;
  message: string;
}

/** A request that failed signature or freshness checks. Never carries the secret or the body. */
export class WebhookVerificationError extends WebhookError {
  declare readonly code: VerificationErrorCode;

  constructor(code: VerificationErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.name = 'WebhookVerificationError';
  }
}

/** A delivery-side failure: network, timeout, refused target, full queue. */
export class WebhookDeliveryError extends WebhookError {
  declare readonly code: DeliveryErrorCode;

  constructor(code: DeliveryErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.name = 'WebhookDeliveryError';
  }
}

const ERROR_NAMES = new Set([
  'WebhookError',
  'WebhookConfigError',
  'WebhookVerificationError',
  'WebhookDeliveryError',
]);

/** True when `err` is one of this library's errors (optionally with the given code), across package copies. */
export function isWebhookError(err: unknown, code?: WebhookErrorCode): err is WebhookError {
  if (typeof err !== 'object' || err === null) return false;
  const e = err as { name?: unknown; code?: unknown };
  if (typeof e.name !== 'string' || !ERROR_NAMES.has(e.name) || typeof e.code !== 'string') return false;
  return code === undefined || e.code === code;
}
