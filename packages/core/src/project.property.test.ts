import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { WebhookEndpoint } from './config/webhook-endpoint.js';
import { createEvent } from './event.js';
import type { JsonValue } from './json.js';
import { projectEvent } from './project.js';

// Keys are drawn from a small alphabet so paths often collide with real fields.
const key = fc.constantFrom('a', 'b', 'c', 'id', 'email', 'meta');
const leaf = fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null));
const json: fc.Arbitrary<JsonValue> = fc.letrec<{ value: JsonValue }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    leaf,
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(key, tie('value'), { maxKeys: 4 }),
  ),
})).value;
const path = fc.array(key, { minLength: 1, maxLength: 3 }).map((parts) => parts.join('.'));
const SENTINEL = '\u0000SECRET\u0000';

/** Every value found at `path` in `value`, walking through arrays. */
function valuesAt(value: JsonValue, parts: string[]): JsonValue[] {
  if (Array.isArray(value)) return value.flatMap((v) => valuesAt(v, parts));
  if (parts.length === 0) return [value];
  if (value === null || typeof value !== 'object' || !(parts[0]! in value)) return [];
  return valuesAt((value as Record<string, JsonValue>)[parts[0]!]!, parts.slice(1));
}

describe('redaction (property)', () => {
  it('never leaves an original value at a redacted path, in object or changes', () => {
    fc.assert(
      fc.property(
        fc.dictionary(key, json, { maxKeys: 5 }),
        fc.dictionary(key, fc.record({ old: json, new: json }), { maxKeys: 3 }),
        fc.array(path, { minLength: 1, maxLength: 4 }),
        fc.option(fc.array(path, { minLength: 1, maxLength: 4 }), { nil: undefined }),
        (object, changes, redacted, included) => {
          const event = createEvent({ event: 'thing.updated', model: 'app.Thing', object, changes });
          const endpoint = new WebhookEndpoint({
            name: 'x',
            url: 'https://x.example.com/',
            secret: 'secret-123',
            redactFields: Object.fromEntries([['*', Object.fromEntries(redacted.map((p) => [p, SENTINEL]))]]),
            ...(included ? { includeFields: included } : {}),
          });
          const out = projectEvent(event, endpoint);
          for (const p of redacted) {
            const parts = p.split('.');
            for (const v of valuesAt(out.object, parts)) expect(v).toBe(SENTINEL);
            const [head, ...rest] = parts;
            const change = out.changes[head!];
            if (!change) continue;
            for (const side of [change.old, change.new]) {
              for (const v of valuesAt(side, rest)) expect(v).toBe(SENTINEL);
            }
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});
