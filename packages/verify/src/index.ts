export { verifyWebhook, type RawWebhook } from './verify-webhook.js';
export { verifyRequest } from './verify-request.js';
export type { VerifyWebhookOptions, VerifiedWebhook } from './verify-options.js';
export type { RawBody } from './to-raw-body.js';
export { parseWebhookEvent } from './parse-webhook-event.js';
export { DEFAULT_MAX_BODY_BYTES } from './body-limit.js';
export { webhookErrorStatus } from './webhook-error-status.js';
export {
  DEFAULT_IDEMPOTENCY_LEASE_MS,
  DEFAULT_IDEMPOTENCY_TTL_MS,
  type ClaimResult,
  type IdempotencyStore,
} from './idempotency-store.js';
export {
  createMemoryIdempotencyStore,
  type MemoryIdempotencyStore,
  type MemoryIdempotencyStoreOptions,
} from './memory-idempotency-store.js';
export {
  createSqlIdempotencyStore,
  type SqlIdempotencyStore,
  type SqlIdempotencyStoreOptions,
  type SqlQueryResult,
} from './sql-idempotency-store.js';
export type { SqlDialect } from './sql-statements.js';
// What a receiver needs from core, so it can depend on this package alone.
export {
  WebhookError,
  WebhookVerificationError,
  isWebhookError,
  type VerificationErrorCode,
  type WebhookEvent,
  type JsonObject,
  type SignatureScheme,
  type HeaderSource,
} from '@webhooks/core';
