import type { NextFunction, Request, RequestHandler, Response } from 'express';
import {
  createMemoryIdempotencyStore,
  DEFAULT_IDEMPOTENCY_LEASE_MS,
  isWebhookError,
  webhookErrorStatus,
  WebhookError,
  WebhookVerificationError,
  type IdempotencyStore,
  type VerifiedWebhook,
  type VerifyWebhookOptions,
} from '@webhooks/verify';
import { checkNodeRequest } from '@webhooks/verify/node';
import type {} from './express-request.js';
import { settleClaim } from './settle-claim.js';
import { sendWebhookError } from './send-webhook-error.js';

/** Options of the `verifyWebhook()` middleware: the verifier's, plus how to answer. */
export interface VerifyWebhookMiddlewareOptions extends Omit<VerifyWebhookOptions, 'idempotency' | 'now'> {
  /**
   * Deduplicate on the verified event id: `true` for an in-memory store of this middleware, or a store
   * shared by every instance (`createSqlIdempotencyStore`, `@webhooks/redis`). Default off.
   */
  idempotency?: boolean | IdempotencyStore;
  /**
   * Status for a redelivery of an event that was processed. Default 200: the sender should stop
   * retrying (a 4xx would be recorded there as a failed delivery). 409 reports it as a conflict.
   * A redelivery whose first copy is still being handled always gets 503 with `Retry-After`.
   */
  duplicateStatus?: number;
  /** Answers verification failures yourself (other errors go to `next(err)`). */
  onError?: (err: WebhookVerificationError, req: Request, res: Response, next: NextFunction) => void;
  /** Where setup mistakes are reported, once. Default `console`; `false` for silence. */
  logger?: { error(message: string): void } | false;
}

/**
 * Express middleware (5, and 4) that verifies a webhook before your handler
 * runs. It reads the raw body itself (or takes the Buffer of `express.raw()`),
 * checks signature and timestamp, sets `req.webhook`, and answers failures:
 * 401 bad or missing signature, stale or future timestamp; 400 malformed
 * body or an id header that differs from the signed body's `id`; 200 (or 409)
 * duplicate; 503 with `Retry-After` for a duplicate whose first copy is still
 * being handled; 413 too large; 500 when `express.json()` ran first.
 *
 * @example
 * app.post('/webhooks', verifyWebhook({ secret: process.env.WEBHOOK_SECRET! }), (req, res) => {
 *   console.log(req.webhook!.event.event);
 *   res.sendStatus(204);
 * });
 */
export function verifyWebhook(options: VerifyWebhookMiddlewareOptions): RequestHandler {
  const secrets = options.secrets ?? (options.secret === undefined ? [] : [options.secret]);
  if (secrets.length === 0 || secrets.some((s) => typeof s !== 'string' || s === '')) {
    throw new WebhookError('invalid_argument', 'verifyWebhook() needs a non-empty `secret` or `secrets`');
  }
  const store = options.idempotency === true ? createMemoryIdempotencyStore() : options.idempotency || undefined;
  const verifyOptions: VerifyWebhookOptions = { ...options, idempotency: store };
  const logger = options.logger === false ? undefined : (options.logger ?? console);
  const retryAfterSeconds = Math.ceil((options.idempotencyLeaseMs ?? DEFAULT_IDEMPOTENCY_LEASE_MS) / 1000);
  let setupReported = false;

  const fail = (err: WebhookVerificationError, req: Request, res: Response, next: NextFunction) => {
    if (options.onError) return options.onError(err, req, res, next);
    if (err.code === 'body_already_parsed' && !setupReported) {
      // A setup mistake fails every request the same way: say it once, not per request.
      setupReported = true;
      // The path without its query string: some senders put a token there.
      logger?.error(`[@webhooks/express] ${req.method} ${req.baseUrl}${req.path}: ${err.message}`);
    }
    if (err.code === 'duplicate_event' && (options.duplicateStatus ?? 200) < 300) {
      res.status(options.duplicateStatus ?? 200).json({ received: true, duplicate: true });
      return;
    }
    // By the end of the lease the first copy has completed, failed or lapsed: come back then.
    if (err.code === 'event_in_flight' && !res.headersSent) res.set('Retry-After', String(retryAfterSeconds));
    const status = err.code === 'duplicate_event' ? (options.duplicateStatus ?? 409) : webhookErrorStatus(err.code);
    sendWebhookError(res, err, status);
  };

  return function verifyWebhookMiddleware(req, res, next) {
    const accept = (webhook: VerifiedWebhook) => {
      req.webhook = webhook;
      if (req.body === undefined) {
        req.body = webhook.event;
        // body-parser 1.x (Express 4) skips a request marked like this instead of reading the spent stream.
        (req as { _body?: boolean })._body = true;
      }
      if (webhook.claimed) settleClaim(res, webhook, (err) => logger?.error(`[@webhooks/express] settling the claim on ${webhook.event.id} failed: ${String(err)}`));
      next();
    };
    const refuse = (err: unknown) => {
      if (!isWebhookError(err) || err.name !== 'WebhookVerificationError') return next(err);
      try {
        fail(err as WebhookVerificationError, req, res, next);
      } catch (hookError) {
        next(hookError);
      }
    };
    // A body express.raw() already read, checked with Node's HMAC: verified here and now, and the
    // next handler runs without waiting for a microtask.
    let verified: VerifiedWebhook | Promise<VerifiedWebhook>;
    try {
      verified = checkNodeRequest(req, verifyOptions);
    } catch (err) {
      refuse(err);
      return;
    }
    if (verified instanceof Promise) verified.then(accept, refuse);
    else accept(verified);
  };
}
