import { createHmac, createSecretKey, type KeyObject } from 'node:crypto';
import type { HmacProvider } from '../../crypto/hmac-provider.js';

/** HMAC-SHA256 through `node:crypto` with a cached `KeyObject`: synchronous and several times faster than Web Crypto on Node. */
export const nodeHmac: HmacProvider = {
  name: 'node-crypto',
  importKey(raw) {
    return createSecretKey(raw);
  },
  sign(key, message, encoding) {
    return createHmac('sha256', key as KeyObject).update(message).digest(encoding);
  },
  signParts(key, prefix, body, encoding) {
    return createHmac('sha256', key as KeyObject).update(prefix).update(body).digest(encoding);
  },
};
