import { WebhookError, WebhookVerificationError } from '@webhooks/core';

/** Default largest body accepted: 1 MiB. */
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

/** The configured body limit, checked. */
export function resolveMaxBodyBytes(value: number | undefined): number {
  if (value === undefined) return DEFAULT_MAX_BODY_BYTES;
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new WebhookError('invalid_argument', 'maxBodyBytes must be a non-negative integer');
  }
  return value;
}

/** The error for a body over the limit. */
export function bodyTooLarge(maxBytes: number): WebhookVerificationError {
  return new WebhookVerificationError('body_too_large', `the request body is larger than ${maxBytes} bytes`);
}

/** Rejects up front when the declared Content-Length is already over the limit. */
export function checkContentLength(value: string | string[] | null | undefined, maxBytes: number): void {
  if (typeof value !== 'string' || !/^\d+$/.test(value)) return;
  if (Number(value) > maxBytes) throw bodyTooLarge(maxBytes);
}

/** UTF-8 length of a string, counted without encoding it. */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code < 0xdc00 && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}
