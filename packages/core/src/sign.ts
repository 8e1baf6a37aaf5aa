import type { SignatureScheme } from './config/webhook-endpoint.js';
import { base64ToBytes, utf8 } from './crypto/encoding.js';
import { getDefaultHmac, type HmacProvider } from './crypto/hmac-provider.js';
import { WebhookError } from './errors.js';
import {
  HEADER_EVENT_ID,
  HEADER_SIGNATURE,
  HEADER_TIMESTAMP,
  STANDARD_HEADER_ID,
  STANDARD_HEADER_SIGNATURE,
  STANDARD_HEADER_TIMESTAMP,
} from './headers.js';

/** What `signPayload` needs. */
export interface SignOptions {
  /** The endpoint's secret (`whsec_…` for standard-webhooks). */
  secret: string;
  /** The event id, sent as a header (and signed, for standard-webhooks). */
  eventId: string;
  /** The exact body bytes that will be sent. */
  body: string;
  /** Unix seconds of this attempt. Default: now. */
  timestamp?: number;
  /** Default `hmac-sha256`. */
  scheme?: SignatureScheme;
  /** Default: `node:crypto` on Node, Web Crypto elsewhere. */
  hmac?: HmacProvider;
}

const MAX_CACHED_KEYS = 1024;
const keyCache = new Map<string, unknown>();

/** Imports (once) the HMAC key for a secret under a scheme and provider. */
export function hmacKey(secret: string, scheme: SignatureScheme, hmac: HmacProvider): unknown {
  const cacheKey = `${hmac.name}\u0000${scheme}\u0000${secret}`;
  let key = keyCache.get(cacheKey);
  if (key === undefined) {
    key = hmac.importKey(secretBytes(secret, scheme));
    if (keyCache.size >= MAX_CACHED_KEYS) keyCache.delete(keyCache.keys().next().value as string);
    keyCache.set(cacheKey, key);
  }
  return key;
}

/** The key bytes of a secret: UTF-8 for hmac-sha256; base64 after `whsec_` for standard-webhooks. */
export function secretBytes(secret: string, scheme: SignatureScheme): Uint8Array {
  if (scheme === 'hmac-sha256') return utf8.encode(secret);
  try {
    return base64ToBytes(secret.startsWith('whsec_') ? secret.slice(6) : secret);
  } catch {
    throw new WebhookError('invalid_argument', 'standard-webhooks secret must be "whsec_" followed by base64');
  }
}

/**
 * The signature headers of one attempt. `hmac-sha256` sends
 * `X-Webhook-Signature: sha256=<hex of HMAC(secret, "<timestamp>.<body>")>`
 * with `X-Webhook-Timestamp` and `X-Webhook-Event-Id`; `standard-webhooks`
 * sends `webhook-id`, `webhook-timestamp` and `webhook-signature: v1,<base64>`.
 *
 * @example
 * const headers = await signPayload({ secret, eventId: event.id, body: JSON.stringify(event) });
 */
export async function signPayload(options: SignOptions): Promise<Record<string, string>> {
  const scheme = options.scheme ?? 'hmac-sha256';
  const hmac = options.hmac ?? getDefaultHmac();
  const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000));
  const key = hmacKey(options.secret, scheme, hmac);
  if (scheme === 'hmac-sha256') {
    const hex = await hmac.sign(key, `${timestamp}.${options.body}`, 'hex');
    return {
      [HEADER_EVENT_ID]: options.eventId,
      [HEADER_TIMESTAMP]: timestamp,
      [HEADER_SIGNATURE]: `sha256=${hex}`,
    };
  }
  const b64 = await hmac.sign(key, `${options.eventId}.${timestamp}.${options.body}`, 'base64');
  return {
    [STANDARD_HEADER_ID]: options.eventId,
    [STANDARD_HEADER_TIMESTAMP]: timestamp,
    [STANDARD_HEADER_SIGNATURE]: `v1,${b64}`,
  };
}
