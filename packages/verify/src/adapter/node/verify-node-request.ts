import type { JsonObject } from '@webhooks/core';
import type { VerifiedWebhook, VerifyWebhookOptions } from '../../verify-options.js';
import { tracedVerification } from '../../traced-verification.js';
import { verifyWebhook } from '../../verify-webhook.js';
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
  if (options.instrumentation?.verification) return tracedVerification(req.headers, options, (inner) => verifyNode<TObject>(req, inner));
  return verifyNode<TObject>(req, options);
}

function verifyNode<TObject extends object>(req: NodeWebhookRequest, options: VerifyWebhookOptions): Promise<VerifiedWebhook<TObject>> {
  const parsed = req.body;
  // Bytes or text from a raw body parser need no read: skip a promise per request.
  if (typeof parsed === 'string' || parsed instanceof Uint8Array) {
    return verifyWebhook<TObject>({ headers: req.headers, body: parsed }, options);
  }
  return readNodeBody(req, options.maxBodyBytes).then((body) => verifyWebhook<TObject>({ headers: req.headers, body }, options));
}
