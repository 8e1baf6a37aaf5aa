import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isWebhookError } from './errors.js';
import { signPayload } from './sign.js';
import { verifySignature } from './verify.js';

const SECRET = 'property-secret';
const NOW = 1769248800;

async function verifies(headers: Record<string, string>, body: string): Promise<boolean> {
  try {
    await verifySignature(headers, body, { secret: SECRET, now: NOW * 1000 });
    return true;
  } catch (err) {
    expect(isWebhookError(err)).toBe(true);
    return false;
  }
}

/** Changes one character of `text` at `index` to something else. */
function mutate(text: string, index: number, replacement: string): string {
  const i = index % Math.max(1, text.length);
  // A change of case alone is no change to a hex signature, so it is not a mutation here.
  const next = text[i]!.toLowerCase() === replacement.toLowerCase() ? `${replacement}x` : replacement;
  return text.slice(0, i) + next + text.slice(i + 1);
}

describe('verification (property)', () => {
  it('never accepts a mutated body, timestamp or signature', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ minLength: 1, unit: 'grapheme' }),
        fc.nat(),
        fc.constantFrom('body', 'timestamp', 'signature'),
        fc.string({ minLength: 1, maxLength: 1 }),
        async (body, index, target, replacement) => {
          const headers = await signPayload({ secret: SECRET, eventId: 'evt_1', body, timestamp: NOW });
          expect(await verifies(headers, body)).toBe(true);
          const h = { ...headers };
          let b = body;
          if (target === 'body') b = mutate(body, index, replacement);
          if (target === 'timestamp') h['X-Webhook-Timestamp'] = mutate(h['X-Webhook-Timestamp']!, index, replacement);
          if (target === 'signature') h['X-Webhook-Signature'] = mutate(h['X-Webhook-Signature']!, index, replacement);
          expect(await verifies(h, b)).toBe(false);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('rejects random header values without crashing', async () => {
    await fc.assert(
      fc.asyncProperty(fc.dictionary(fc.string(), fc.string()), fc.string(), async (headers, body) => {
        expect(await verifies(headers, body)).toBe(false);
      }),
      { numRuns: 300 },
    );
  });
});
