import { WebhookVerificationError } from '@webhooks/core';
import { bodyTooLarge, utf8Length } from './body-limit.js';

/** A request body as the verifier takes it: the exact text or bytes that were sent. */
export type RawBody = string | Uint8Array | ArrayBuffer;

/** Checks that `body` is raw (not parsed) and within the limit; returns it as text or bytes. */
export function toRawBody(body: unknown, maxBytes: number): string | Uint8Array {
  if (typeof body === 'string') {
    // A UTF-16 unit is at most 3 UTF-8 bytes, so short strings need no exact count.
    if (body.length * 3 > maxBytes && utf8Length(body) > maxBytes) throw bodyTooLarge(maxBytes);
    return body;
  }
  let bytes: Uint8Array | undefined;
  if (body instanceof Uint8Array) bytes = body;
  else if (body instanceof ArrayBuffer) bytes = new Uint8Array(body);
  else if (ArrayBuffer.isView(body)) bytes = new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
  if (bytes === undefined) throw notRaw(body);
  if (bytes.byteLength > maxBytes) throw bodyTooLarge(maxBytes);
  return bytes;
}

function notRaw(body: unknown): WebhookVerificationError {
  const got = body === null ? 'null' : Array.isArray(body) ? 'an array' : typeof body === 'object' ? 'an object' : typeof body;
  return new WebhookVerificationError(
    'body_already_parsed',
    `expected the raw request body as a string or bytes, got ${got}. The signature covers the exact bytes sent, ` +
      'so a body that a JSON parser already turned into an object cannot be verified: pass the raw text ' +
      '(e.g. await request.text(), or express.raw({ type: "application/json" }) instead of express.json() on this route)',
  );
}
