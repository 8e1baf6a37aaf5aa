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
const keyCaches = new WeakMap<HmacProvider, Map<string, unknown>>();

/** Imports (once) the HMAC key for a secret under a scheme and provider. */
export function hmacKey(secret: string, scheme: SignatureScheme, hmac: HmacProvider): unknown {
  let cache = keyCaches.get(hmac);
  if (!cache) {
    cache = new Map();
    keyCaches.set(hmac, cache);
  }
  // One entry per scheme: the same text gives different key bytes under each.
  const cacheKey = scheme === 'hmac-sha256' ? secret : `\u0000${secret}`;
  let key = cache.get(cacheKey);
  if (key === undefined) {
    key = hmac.importKey(secretBytes(secret, scheme));
    if (cache.size >= MAX_CACHED_KEYS) cache.delete(cache.keys().next().value as string);
    cache.set(cacheKey, key);
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
export function signPayload(options: SignOptions): Promise<Record<string, string>> {
  try {
    const scheme = options.scheme ?? 'hmac-sha256';
    const hmac = options.hmac ?? getDefaultHmac();
    const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000));
    const key = hmacKey(options.secret, scheme, hmac);
    const { eventId, body } = options;
    if (scheme === 'hmac-sha256') {
      const headers = (hex: string) => ({
        [HEADER_EVENT_ID]: eventId,
        [HEADER_TIMESTAMP]: timestamp,
        [HEADER_SIGNATURE]: `sha256=${hex}`,
      });
      // Node's provider answers synchronously; skip a needless await on that hot path.
      const hex = hmac.sign(key, `${timestamp}.${body}`, 'hex');
      return typeof hex === 'string' ? Promise.resolve(headers(hex)) : hex.then(headers);
    }
    const headers = (b64: string) => ({
      [STANDARD_HEADER_ID]: eventId,
      [STANDARD_HEADER_TIMESTAMP]: timestamp,
      [STANDARD_HEADER_SIGNATURE]: `v1,${b64}`,
    });
    const b64 = hmac.sign(key, `${eventId}.${timestamp}.${body}`, 'base64');
    return typeof b64 === 'string' ? Promise.resolve(headers(b64)) : b64.then(headers);
  } catch (err) {
    return Promise.reject(err);
  }
}
