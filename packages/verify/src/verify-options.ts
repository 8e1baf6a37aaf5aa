import type { JsonObject, SignatureScheme, VerifySignatureOptions, WebhookEvent, WebhooksInstrumentation } from '@webhooks/core';
import type { IdempotencyStore } from './idempotency-store.js';

/**
 * How to verify an incoming webhook: core's signature options (give `secret`, or `secrets` during
 * a rotation) plus what a receiver needs around them.
 */
export interface VerifyWebhookOptions extends VerifySignatureOptions {
  /** Largest body accepted, in bytes. Default 1 MiB (`DEFAULT_MAX_BODY_BYTES`). */
  maxBodyBytes?: number;
  /**
   * Claims each verified event id: a redelivery of a completed one fails with `duplicate_event`,
   * one that arrives while the first copy is still in flight with `event_in_flight`.
   */
  idempotency?: IdempotencyStore;
  /** How long a completed event id is remembered. Default 24 hours. */
  idempotencyTtlMs?: number;
  /** How long a claim holds before `complete()` or `release()`; after it lapses, a redelivery is processed. Default 60 s. */
  idempotencyLeaseMs?: number;
  /**
   * Tracing hooks (`createWebhooksTelemetry()` from `@webhooks/otel`): a verification span that
   * continues the request's `traceparent`, with the result or the rejection code. Default none.
   */
  instrumentation?: Pick<WebhooksInstrumentation, 'verification'>;
}

/** A request that passed every check: its event, the exact body, and what was signed. */
export interface VerifiedWebhook<TObject extends object = JsonObject> {
  /** The parsed body. `object` is typed by the caller; its shape is not checked at run time. */
  event: WebhookEvent<TObject>;
  /** The body exactly as received and signed (UTF-8 text). */
  rawBody: string;
  scheme: SignatureScheme;
  /** Unix seconds the sender signed this attempt at. */
  timestamp: number;
  /** True when an idempotency store was given and this request claimed `event.id`. */
  claimed: boolean;
  /**
   * Records `event.id` as processed: redeliveries then fail with `duplicate_event`. Call it
   * once processing succeeded; until then (or until the lease lapses) they get `event_in_flight`.
   * Safe to call more than once; a no-op without a store.
   */
  complete(): Promise<void>;
  /**
   * Gives the claim on `event.id` back, even after `complete()`, so a redelivery is processed
   * again. Call it when processing fails. Safe to call more than once; a no-op without a store.
   */
  release(): Promise<void>;
}
