import type { SignatureScheme } from '@webhooks/core';

/**
 * The scheme a request was signed with, from its headers: `webhook-signature` means Standard
 * Webhooks, anything else our `X-Webhook-Signature`.
 *
 * @example
 * detectScheme(req.headers); // 'hmac-sha256'
 */
export function detectScheme(headers: Readonly<Record<string, unknown>>): SignatureScheme {
  return Object.keys(headers).some((name) => name.toLowerCase() === 'webhook-signature') ? 'standard-webhooks' : 'hmac-sha256';
}
