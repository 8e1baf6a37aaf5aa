import type { JsonObject } from '@webhooks/core';
import type { VerifiedWebhook, VerifyWebhookOptions } from '../../verify-options.js';
import { tracedVerification } from '../../traced-verification.js';
import { checkWebhook, promised } from '../../verify-webhook.js';
import { readNodeBody, type NodeWebhookRequest } from './read-node-body.js';

/**
 * Verifies a Node `IncomingMessage` (node:http, Express, Koa's `ctx.req`):
 * reads the raw body from the stream with the size limit, or takes the
 * bytes or string a raw body parser left in `req.body`, then checks it like
 * `verifyWebhook`. A body already parsed into an object is refused with
 * `body_already_parsed` and a message saying how to fix the setup.
 *
 * @example
 * http.createServer(async (req, res) => {
 *   const { event } = await verifyNodeRequest(req, { secret: process.env.WEBHOOK_SECRET! });
 *   res.end(event.id);
 * });
 */
export function verifyNodeRequest<TObject extends object = JsonObject>(
  req: NodeWebhookRequest,
  options: VerifyWebhookOptions,
): Promise<VerifiedWebhook<TObject>> {
  if (options.instrumentation?.verification) return tracedVerification(req.headers, options, (inner) => promised(() => checkNode<TObject>(req, inner)));
  return promised(() => checkNode<TObject>(req, options));
}

/**
 * `verifyNodeRequest` for framework middleware: the same checks, but the verified webhook comes back
 * as is, with no promise, when nothing had to be waited for (the body already read by a raw body
 * parser, Node's synchronous HMAC, no idempotency store, no tracing), and a failure is thrown rather
 * than rejected. Otherwise it returns a promise. `@webhooks/express` calls it so that a verified
 * request goes on to the next handler without a microtask.
 *
 * @example
 * let verified;
 * try {
 *   verified = checkNodeRequest(req, options);
 * } catch (err) {
 *   return reject(err);
 * }
 * if (verified instanceof Promise) verified.then(accept, reject);
 * else accept(verified);
 */
export function checkNodeRequest<TObject extends object = JsonObject>(
  req: NodeWebhookRequest,
  options: VerifyWebhookOptions,
): VerifiedWebhook<TObject> | Promise<VerifiedWebhook<TObject>> {
  if (options.instrumentation?.verification) return verifyNodeRequest<TObject>(req, options);
  return checkNode<TObject>(req, options);
}

function checkNode<TObject extends object>(req: NodeWebhookRequest, options: VerifyWebhookOptions): VerifiedWebhook<TObject> | Promise<VerifiedWebhook<TObject>> {
  const parsed = req.body;
  // Bytes or text from a raw body parser need no read.
  if (typeof parsed === 'string' || parsed instanceof Uint8Array) return checkWebhook<TObject>({ headers: req.headers, body: parsed }, options);
  return readNodeBody(req, options.maxBodyBytes).then((body) => checkWebhook<TObject>({ headers: req.headers, body }, options));
}
