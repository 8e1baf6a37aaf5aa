import { defaultHmac } from '#runtime';

/**
 * HMAC-SHA256 as the signer and verifier need it. Core ships a Web Crypto
 * provider, and a faster `node:crypto` one that the `node` condition selects.
 * Pass your own as `hmac` to `signPayload` / `verifySignature` to use another runtime's primitive.
 */
export interface HmacProvider {
  readonly name: string;
  /** Prepares a raw key once; callers cache the result per secret. */
  importKey(raw: Uint8Array): unknown;
  /** HMAC-SHA256 of `message` (UTF-8 for strings) under a key from `importKey`. */
  sign(key: unknown, message: string | Uint8Array, encoding: 'hex' | 'base64'): string | Promise<string>;
  /**
   * Optional: HMAC-SHA256 of `prefix` (UTF-8) followed by `body`, without joining them first. A
   * verifier checking a raw body uses it when present, and `sign` over a joined copy otherwise.
   */
  signParts?(key: unknown, prefix: string, body: Uint8Array, encoding: 'hex' | 'base64'): string | Promise<string>;
}

/**
 * The provider used when none is passed: `node:crypto` on Node, Web Crypto elsewhere. Chosen
 * when the package is resolved (the private `#runtime` import), not by code run at import.
 */
export function getDefaultHmac(): HmacProvider {
  return defaultHmac;
}
