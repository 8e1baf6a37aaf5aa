import {
  createDeliveryId,
  createEvent,
  HEADER_ATTEMPT,
  HEADER_DELIVERY_ID,
  signPayload,
  type CreateEventInput,
  type SignatureScheme,
  type WebhookEvent,
} from '@webhooks/core';

/** How to sign a webhook for a receiver test. */
export interface SignWebhookOptions {
  /** The receiver's secret (`whsec_…` for Standard Webhooks). */
  secret: string;
  /** Default `hmac-sha256`. */
  scheme?: SignatureScheme;
  /** Unix seconds to sign at, e.g. from a manual clock, or an old one for a tolerance test. Default: now. */
  timestamp?: number;
  /** More headers to send (they override the signed ones: a way to test a tampered request). */
  headers?: Record<string, string>;
}

/** A signed webhook taken apart, for supertest and other clients: send `body` as it is, with `headers`. */
export interface SignedWebhook {
  event: WebhookEvent;
  /** The exact JSON that was signed. */
  body: string;
  headers: Record<string, string>;
}

/**
 * Signs an event as the sender would: `Content-Type`, the signature headers of the scheme, a
 * delivery id and attempt 1. `event` is a whole envelope, or what `createEvent` takes
 * (`{ event, model, object }`), which gets a fresh id and timestamp.
 *
 * @example
 * const { headers, body } = await signWebhook({ event: 'order.paid', model: 'store.Order', object: { id: 42 } }, { secret });
 * await request(app).post('/webhooks').set(headers).send(body).expect(204);
 */
export async function signWebhook(event: WebhookEvent | CreateEventInput, options: SignWebhookOptions): Promise<SignedWebhook> {
  const envelope = createEvent(event as CreateEventInput);
  const body = JSON.stringify(envelope);
  const signature = await signPayload({
    secret: options.secret,
    eventId: envelope.id,
    body,
    scheme: options.scheme ?? 'hmac-sha256',
    ...(options.timestamp !== undefined ? { timestamp: options.timestamp } : {}),
  });
  const headers = {
    'Content-Type': 'application/json',
    ...signature,
    [HEADER_DELIVERY_ID]: createDeliveryId(),
    [HEADER_ATTEMPT]: '1',
    ...options.headers,
  };
  return { event: envelope, body, headers };
}
