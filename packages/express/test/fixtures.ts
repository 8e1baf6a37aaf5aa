import { createHmac } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import { createEvent, signPayload, type SignatureScheme } from '@webhooks/core';

export const SECRET = 'express-test-secret';
export const STANDARD_SECRET = `whsec_${Buffer.from('express-standard-key-32-bytes!!!').toString('base64')}`;

/** A real event body as our sender renders it. */
export function eventBody(object: Record<string, unknown> = { id: 42, status: 'PAID' }): string {
  return JSON.stringify(createEvent({ event: 'order.paid', model: 'store.Order', object }));
}

export const nowSeconds = (): number => Math.floor(Date.now() / 1000);

/** Headers our sender sends for `body`; `eventId` (default: the body's `id`) goes in the id header. */
export function signed(
  body: string,
  options: { secret?: string; scheme?: SignatureScheme; timestamp?: number; eventId?: string } = {},
) {
  const scheme = options.scheme ?? 'hmac-sha256';
  return signPayload({
    secret: options.secret ?? (scheme === 'hmac-sha256' ? SECRET : STANDARD_SECRET),
    eventId: options.eventId ?? idOf(body),
    body,
    scheme,
    ...(options.timestamp === undefined ? {} : { timestamp: options.timestamp }),
  });
}

function idOf(body: string): string {
  try {
    return String((JSON.parse(body) as { id?: unknown }).id ?? 'evt_test');
  } catch {
    return 'evt_test';
  }
}

/** Signs like a receiver's hand-written node:crypto snippet would. */
export function handSigned(body: string, secret = SECRET): Record<string, string> {
  const timestamp = String(nowSeconds());
  const hex = createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
  return { 'X-Webhook-Timestamp': timestamp, 'X-Webhook-Signature': `sha256=${hex}` };
}

/** Listens on a loopback port; returns the base URL and a closer. */
export async function listen(app: Express): Promise<{ url: string; close(): Promise<void> }> {
  const server = await new Promise<ReturnType<Express['listen']>>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** POSTs `body` with `headers`; returns the status and parsed JSON answer. */
export async function post(url: string, body: BodyInit, headers: Record<string, string>, init: RequestInit = {}) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
    ...init,
  });
  const text = await response.text();
  let json: { error?: { code: string; message: string } } & Record<string, unknown> = {};
  try {
    json = JSON.parse(text);
  } catch {
    json = { text };
  }
  return { status: response.status, json, headers: response.headers };
}
