import type { SignatureScheme } from './config/webhook-endpoint.js';
import { base64ToBytes, utf8 } from './crypto/encoding.js';
import { getDefaultHmac, type HmacProvider } from './crypto/hmac-provider.js';
import { WebhookError } from './errors.js';
import {
  HEADER_EVENT_ID,
  HEADER_PREVIOUS_SIGNATURE,
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
  /** During a rotation, the secrets being rotated out: each signs the request too. */
  previousSecrets?: readonly string[];
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
 * With `previousSecrets`, their signatures follow: space-separated in
 * `webhook-signature`, or in `X-Webhook-Previous-Signature` (the current
 * signature stays alone in `X-Webhook-Signature`).
 *
 * @example
 * const headers = await signPayload({ secret, eventId: event.id, body: JSON.stringify(event) });
 */
export function signPayload(options: SignOptions): Promise<Record<string, string>> {
  try {
    const headers: Record<string, string> = {};
    const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
    const secrets = options.previousSecrets?.length ? [options.secret, ...options.previousSecrets] : options.secret;
    const pending = addSignatureHeaders(headers, secrets, options.scheme ?? 'hmac-sha256', options.eventId, options.body, timestamp, options.hmac);
    return pending ? pending.then(() => headers) : Promise.resolve(headers);
  } catch (err) {
    return Promise.reject(err);
  }
}

/**
 * Adds the signature headers of one attempt to `headers` (what `signPayload`
 * returns), signed with the current secret (the first of `secrets`) and any
 * previous ones, without a promise when the HMAC provider answers
 * synchronously, as node:crypto does: the delivery worker calls this once per attempt.
 * @internal
 */
export function addSignatureHeaders(
  headers: Record<string, string>,
  secrets: string | readonly string[],
  scheme: SignatureScheme,
  eventId: string,
  body: string,
  timestamp: number,
  hmac: HmacProvider = getDefaultHmac(),
): Promise<void> | undefined {
  const ours = scheme === 'hmac-sha256';
  const stamp = String(timestamp);
  headers[ours ? HEADER_EVENT_ID : STANDARD_HEADER_ID] = eventId;
  headers[ours ? HEADER_TIMESTAMP : STANDARD_HEADER_TIMESTAMP] = stamp;
  const message = ours ? `${stamp}.${body}` : `${eventId}.${stamp}.${body}`;
  const encoding = ours ? 'hex' : 'base64';
  if (typeof secrets === 'string' || secrets.length === 1) {
    // One secret, the usual case: no arrays on the way.
    const mac = hmac.sign(hmacKey(typeof secrets === 'string' ? secrets : secrets[0]!, scheme, hmac), message, encoding);
    if (typeof mac !== 'string') return mac.then((value) => setSignatures(headers, ours, [value]));
    headers[ours ? HEADER_SIGNATURE : STANDARD_HEADER_SIGNATURE] = ours ? `sha256=${mac}` : `v1,${mac}`;
    return undefined;
  }
  const macs = secrets.map((secret) => hmac.sign(hmacKey(secret, scheme, hmac), message, encoding));
  if (macs.some((mac) => typeof mac !== 'string')) return Promise.all(macs).then((values) => setSignatures(headers, ours, values));
  setSignatures(headers, ours, macs as string[]);
  return undefined;
}

function setSignatures(headers: Record<string, string>, ours: boolean, macs: readonly string[]): void {
  if (!ours) {
    headers[STANDARD_HEADER_SIGNATURE] = macs.map((mac) => `v1,${mac}`).join(' ');
    return;
  }
  // The current signature alone in its header: a receiver comparing the whole value still verifies it.
  headers[HEADER_SIGNATURE] = `sha256=${macs[0]}`;
  if (macs.length > 1) headers[HEADER_PREVIOUS_SIGNATURE] = macs.slice(1).map((mac) => `sha256=${mac}`).join(' ');
}
