export * from './errors.js';
export { isPlainRecord, toJson, type JsonObject, type JsonValue } from './json.js';
export { createEventId, createDeliveryId } from './id.js';
export * from './model-id.js';
export * from './event.js';
export { eventPatternProblem } from './event-pattern.js';
export type { FieldList, IncludeFields, Redactions, RedactFields } from './config/fields.js';
export { DEFAULT_REDACTION } from './config/fields.js';
export { fromEnv, type EnvSecret, type EnvSource, type SecretInput } from './config/secret.js';
export { WebhookEndpoint, type WebhookEndpointOptions, type SignatureScheme } from './config/webhook-endpoint.js';
export type { PreviousSecretOptions } from './config/previous-secrets.js';
export { WebhookConfig, type WebhookConfigOptions } from './config/webhook-config.js';
export { defineWebhooks } from './config/define-webhooks.js';
export { endpointMatches, matchEndpoints, modelIsWatched, NO_MODELS_WATCHED, watchesAnyModel } from './match.js';
export { projectEvent } from './project.js';
export * from './headers.js';
export { type HmacProvider, getDefaultHmac } from './crypto/hmac-provider.js';
export { webHmac } from './crypto/web-hmac.js';
export { timingSafeEqualStrings } from './crypto/encoding.js';
export { signPayload, type SignOptions } from './sign.js';
export { verifySignature, type VerifySignatureOptions, type VerifiedSignature } from './verify.js';
export {
  backoffDelay,
  classifyAttempt,
  DEFAULT_RETRY,
  parseRetryAfter,
  resolveRetryPolicy,
  type AttemptResult,
  type AttemptVerdict,
  type RetryOptions,
  type RetryPolicy,
} from './retry.js';
export type { Sender, SendRequest, SendResult, SendResponse, SendFailure } from './sender.js';
export type { AttemptRecord, DeliveryJob, DeliveryRecord, DeliveryState } from './engine/delivery-job.js';
export {
  systemClock,
  type Clock,
  type DeliveryLog,
  type DeliveryQuery,
  type EndpointActivity,
  type EndpointActivityQuery,
  type ClaimedDelivery,
  type DeliveryLeases,
  type DeliveryUpdate,
  type JobContext,
  type JobHandler,
  type Lease,
  type Transport,
} from './engine/ports.js';
export { createMemoryEndpointStates, type EndpointStates } from './engine/endpoint-states.js';
export { createMemoryDeliveryLog, type MemoryDeliveryLogOptions } from './engine/memory-delivery-log.js';
export { planDeliveries } from './engine/plan-deliveries.js';
export { outboxWriteError, type OutboxWriteFailure } from './engine/outbox-error.js';
export type { EngineEvent } from './engine/delivery-worker.js';
export type { EndpointStatus } from './engine/endpoint-health.js';
export {
  createWebhooks,
  type CreateWebhooksOptions,
  type DispatchResult,
  type ModelEventOptions,
  type Webhooks,
} from './engine/create-webhooks.js';
export {
  currentUser,
  runWithUser,
  type ActingUser,
} from './engine/user-context.js';
export { createFetchSender, withTraceHeaders, type FetchSenderOptions } from './fetch-sender.js';
export { classifyAddress, type AddressClass, type AddressRange } from './net/classify-address.js';
export { classifyHost, describeRefusedAddress } from './net/refused-address.js';
export { createRelay, type OutboxBacklog, type OutboxStore, type Relay, type RelayOptions } from './engine/relay.js';
export {
  isTraceparent,
  toTraceContext,
  type AttemptInfo,
  type AttemptOutcome,
  type PlanInfo,
  type PlannedJobs,
  type TraceContext,
  type TransportMessageInfo,
  type VerificationResult,
  type WebhooksInstrumentation,
} from './instrumentation.js';
