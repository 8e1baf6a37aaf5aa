import type { CreateEventInput, WebhookEvent } from '@webhooks/core';
import { signWebhook, type SignWebhookOptions } from './sign-webhook.js';

/** `signWebhook`'s options, and where the request goes. */
export interface SignedRequestOptions extends SignWebhookOptions {
  /** Default `http://localhost/webhooks`. */
  url?: string;
}

/**
 * A signed POST as a Web `Request`, for receivers that take one (`verifyRequest`, Hono, Next.js
 * route handlers). Sign the same envelope twice to test a redelivery.
 *
 * @example
 * const response = await handler(await signedRequest({ event: 'order.paid', model: 'store.Order', object: { id: 42 } }, { secret }));
 * assert.equal(response.status, 204);
 */
export async function signedRequest(event: WebhookEvent | CreateEventInput, options: SignedRequestOptions): Promise<Request> {
  const { body, headers } = await signWebhook(event, options);
  return new Request(options.url ?? 'http://localhost/webhooks', { method: 'POST', headers, body });
}
