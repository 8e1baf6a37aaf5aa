import type { JsonObject } from '@webhooks/core';
import { resolveMaxBodyBytes } from './body-limit.js';
import { readRequestBody } from './read-request-body.js';
import { tracedVerification } from './traced-verification.js';
import type { VerifiedWebhook, VerifyWebhookOptions } from './verify-options.js';
import { verifyWebhook } from './verify-webhook.js';

/**
 * Verifies a Web `Request` (Next.js route handlers, Hono, Deno, Bun,
 * Cloudflare Workers): reads the raw body itself with the size limit, then
 * checks it like `verifyWebhook`. Call it before anything reads the body.
 *
 * @example
 * export async function POST(request: Request) {
 *   const { event } = await verifyRequest<{ id: string }>(request, { secret: process.env.WEBHOOK_SECRET! });
 *   return Response.json({ received: event.id });
 * }
 */
export function verifyRequest<TObject extends object = JsonObject>(
  request: Request,
  options: VerifyWebhookOptions,
): Promise<VerifiedWebhook<TObject>> {
  return tracedVerification(request.headers, options, async (inner) => {
    const body = await readRequestBody(request, resolveMaxBodyBytes(inner.maxBodyBytes));
    return verifyWebhook<TObject>({ headers: request.headers, body }, inner);
  });
}
