import { bytesToBase64, bytesToHex, utf8 } from './encoding.js';
import type { HmacProvider } from './hmac-provider.js';

/** HMAC-SHA256 through Web Crypto (`crypto.subtle`): browsers, Deno, Bun, edge runtimes, Node. */
export const webHmac: HmacProvider = {
  name: 'web-crypto',
  importKey(raw) {
    return crypto.subtle.importKey('raw', raw as Uint8Array<ArrayBuffer>, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  },
  async sign(key, message, encoding) {
    const data = typeof message === 'string' ? utf8.encode(message) : message;
    const mac = new Uint8Array(await crypto.subtle.sign('HMAC', (await key) as CryptoKey, data as Uint8Array<ArrayBuffer>));
    return encoding === 'hex' ? bytesToHex(mac) : bytesToBase64(mac);
  },
};
