import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { eventBody, SECRET, signed, STANDARD_SECRET } from '../test/fixtures.js';
import { verifyWebhook } from './verify-webhook.js';
import type { SignatureScheme } from '@webhooks/core';

const utf8 = new TextEncoder();

/** Runs the verifier; any outcome but success or a WebhookVerificationError fails the property. */
async function outcome(headers: Record<string, string>, body: string | Uint8Array, scheme: SignatureScheme): Promise<string> {
  const secret = scheme === 'hmac-sha256' ? SECRET : STANDARD_SECRET;
  try {
    await verifyWebhook({ headers, body }, { secret, scheme });
    return 'verified';
  } catch (err) {
    expect(err).toMatchObject({ name: 'WebhookVerificationError' });
    return (err as { code: string }).code;
  }
}

const scheme = fc.constantFrom<SignatureScheme>('hmac-sha256', 'standard-webhooks');
const headerName = fc.constantFrom(
  'X-Webhook-Signature',
  'X-Webhook-Timestamp',
  'X-Webhook-Event-Id',
  'webhook-id',
  'webhook-timestamp',
  'webhook-signature',
);
const headerValue = fc.oneof(fc.string(), fc.stringMatching(/^(sha256=|v1,)[0-9a-zA-Z+/=]{0,90}$/), fc.nat().map(String));

describe('verifyWebhook under random input', () => {
  it('throws only WebhookVerificationError for random headers and bodies, and never verifies them', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.dictionary(headerName, headerValue),
        fc.oneof(fc.string(), fc.uint8Array({ maxLength: 256 })),
        scheme,
        async (headers, body, s) => {
          expect(await outcome(headers, body, s)).not.toBe('verified');
        },
      ),
      { numRuns: 300 },
    );
  });

  it('never verifies a signed request after any change to its body, signature, timestamp or id header', async () => {
    const target = fc.constantFrom('body', 'signature', 'timestamp', 'id');
    await fc.assert(
      fc.asyncProperty(scheme, fc.string(), target, fc.nat(), fc.integer({ min: 1, max: 255 }), async (s, text, what, at, xor) => {
        const body = eventBody({ id: 1, text });
        const headers = await signed(body, { scheme: s });
        expect(await outcome(headers, body, s)).toBe('verified');
        const names = s === 'hmac-sha256'
          ? { signature: 'X-Webhook-Signature', timestamp: 'X-Webhook-Timestamp', id: 'X-Webhook-Event-Id' }
          : { signature: 'webhook-signature', timestamp: 'webhook-timestamp', id: 'webhook-id' };
        const original = headers[names.signature]!;
        let bytes = utf8.encode(body);
        if (what === 'body') {
          bytes = bytes.slice();
          bytes[at % bytes.length]! ^= xor;
        } else {
          const value = headers[names[what]]!;
          const i = at % value.length;
          headers[names[what]] = value.slice(0, i) + String.fromCharCode(value.charCodeAt(i) ^ xor) + value.slice(i + 1);
        }
        const result = await outcome(headers, bytes, s);
        // Hex is read case-insensitively: "SHA256=ABC…" is the same signature, not a forgery.
        if (what === 'signature' && s === 'hmac-sha256' && headers[names.signature]!.toLowerCase() === original) return;
        expect(result).not.toBe('verified');
      }),
      { numRuns: 300 },
    );
  });
});
