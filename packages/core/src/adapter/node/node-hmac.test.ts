import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nodeHmac } from './node-hmac.js';

const utf8 = new TextEncoder();
const reference = (key: Uint8Array, message: string | Uint8Array, encoding: 'hex' | 'base64') =>
  createHmac('sha256', key).update(message).digest(encoding);

describe('nodeHmac', () => {
  // HMAC pads keys up to SHA-256's 64-byte block and hashes longer ones first: both sides of that edge.
  it.each([0, 1, 32, 63, 64, 65, 200])('matches createHmac for a %i-byte key, text and bytes, hex and base64', (length) => {
    const key = Uint8Array.from({ length }, (_, i) => (i * 37 + 11) & 0xff);
    const imported = nodeHmac.importKey(key);
    for (const message of ['', 'a', 'café ☕ 🎉', 'x'.repeat(5000)]) {
      for (const encoding of ['hex', 'base64'] as const) {
        expect(nodeHmac.sign(imported, message, encoding)).toBe(reference(key, message, encoding));
        expect(nodeHmac.sign(imported, utf8.encode(message), encoding)).toBe(reference(key, message, encoding));
        expect(nodeHmac.signParts!(imported, '1769248800.', utf8.encode(message), encoding)).toBe(reference(key, `1769248800.${message}`, encoding));
      }
    }
  });

  it('matches createHmac for any key and message', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 150 }), fc.string({ unit: 'grapheme', maxLength: 300 }), fc.string({ maxLength: 20 }), (key, body, prefix) => {
        const imported = nodeHmac.importKey(key);
        expect(nodeHmac.sign(imported, prefix + body, 'hex')).toBe(reference(key, prefix + body, 'hex'));
        expect(nodeHmac.signParts!(imported, prefix, utf8.encode(body), 'base64')).toBe(reference(key, prefix + body, 'base64'));
      }),
    );
  });

  it('leaves no key material in the pooled buffers it used', () => {
    const key = utf8.encode('k'.repeat(40));
    const imported = nodeHmac.importKey(key);
    // A pooled Buffer's .buffer is the whole pool: the one in use before signing, and the one after.
    const before = Buffer.allocUnsafe(1).buffer;
    nodeHmac.sign(imported, 'message', 'hex');
    nodeHmac.signParts!(imported, '1.', utf8.encode('body'), 'base64');
    const after = Buffer.allocUnsafe(1).buffer;
    // Views of fresh Uint8Arrays: a Buffer.from() copy would itself sit in the pool searched.
    const pads = [0x36, 0x5c].map((pad) => key.map((b) => b ^ pad)).map((bytes) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    for (const pool of [before, after]) for (const pad of pads) expect(Buffer.from(pool).includes(pad)).toBe(false);
  });

  it('leaves the caller\'s key and message bytes as they were', () => {
    const key = utf8.encode('secret');
    const body = utf8.encode('{"id":"evt_1"}');
    const imported = nodeHmac.importKey(key);
    nodeHmac.signParts!(imported, '1.', body, 'hex');
    expect(new TextDecoder().decode(key)).toBe('secret');
    expect(new TextDecoder().decode(body)).toBe('{"id":"evt_1"}');
  });
});
