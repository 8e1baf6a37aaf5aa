export { verifyWebhook, type VerifyWebhookMiddlewareOptions } from './verify-webhook.js';
export type {} from './express-request.js';
// What a handler needs alongside the middleware, so apps can depend on this package alone.
export {
  createMemoryIdempotencyStore,
  createSqlIdempotencyStore,
  isWebhookError,
  webhookErrorStatus,
  WebhookVerificationError,
  type ClaimResult,
  type IdempotencyStore,
  type SqlIdempotencyStore,
  type SqlQueryResult,
  type VerifiedWebhook,
  type VerificationErrorCode,
  type WebhookEvent,
} from '@webhooks/verify';
