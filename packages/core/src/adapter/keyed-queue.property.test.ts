import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KeyedQueue } from './keyed-queue.js';

interface Item {
  id: number;
  key: string;
  group: string;
}

type Step =
  | { op: 'push'; key: number }
  | { op: 'take' }
  | { op: 'done'; pick: number }
  | { op: 'again'; pick: number }
  | { op: 'remove'; modulo: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ op: fc.constant('push' as const), key: fc.nat(5) }),
  fc.record({ op: fc.constant('take' as const) }),
  fc.record({ op: fc.constant('done' as const), pick: fc.nat() }),
  fc.record({ op: fc.constant('again' as const), pick: fc.nat() }),
  fc.record({ op: fc.constant('remove' as const), modulo: fc.integer({ min: 2, max: 5 }) }),
);

describe('KeyedQueue, under any sequence of operations', () => {
  it('hands each key out one at a time in push order, keeps groups within their share, and loses nothing', () => {
    fc.assert(
      fc.property(fc.array(step, { minLength: 20, maxLength: 200 }), fc.integer({ min: 1, max: 3 }), (steps, perGroup) => {
        // Keys never span groups in the engine's jobs; the model keeps that (a key's group is fixed).
        const queue = new KeyedQueue<Item>({ key: (i) => i.key, group: (i) => i.group, perGroup });
        const out: Item[] = []; // taken, not yet done; an item handed back with again() stays here
        const reserved = new Set<Item>(); // taken then handed back: next take() returns them first
        const held = new Set<Item>(); // pushed, not done and not removed
        const lastDoneOfKey = new Map<string, number>();
        let nextId = 0;
        for (const s of steps) {
          if (s.op === 'push') {
            const item = { id: nextId++, key: `k${s.key}`, group: `g${s.key % 3}` };
            queue.push(item);
            held.add(item);
          } else if (s.op === 'take') {
            const item = queue.take();
            if (item === undefined) continue;
            if (reserved.delete(item)) continue; // a retry in place: it still holds its key and slot
            // Its key is free, and it is the oldest of its key still held.
            expect(out.some((o) => o.key === item.key)).toBe(false);
            const older = [...held].filter((h) => h.key === item.key && h.id < item.id && !out.includes(h));
            expect(older).toEqual([]);
            out.push(item);
            expect(out.filter((o) => o.group === item.group).length).toBeLessThanOrEqual(perGroup);
          } else if (s.op === 'done' || s.op === 'again') {
            const candidates = out.filter((o) => !reserved.has(o));
            if (candidates.length === 0) continue;
            const item = candidates[s.pick % candidates.length]!;
            if (s.op === 'again') {
              queue.again(item);
              reserved.add(item);
              continue;
            }
            out.splice(out.indexOf(item), 1);
            held.delete(item);
            expect(item.id).toBeGreaterThan(lastDoneOfKey.get(item.key) ?? -1);
            lastDoneOfKey.set(item.key, item.id);
            queue.done(item);
          } else {
            const removed = queue.remove((i) => i.id % s.modulo === 0 && !reserved.has(i));
            for (const item of removed) {
              expect(held.has(item) && !out.includes(item)).toBe(true);
              held.delete(item);
            }
          }
          // Every held item is either out or waiting in the queue (reserved ones count as waiting).
          expect(queue.size).toBe(held.size - out.length + reserved.size);
        }
        const left = queue.drain();
        expect(new Set(left)).toEqual(new Set([...held].filter((h) => !out.includes(h) || reserved.has(h))));
        expect(queue.size).toBe(0);
      }),
      { numRuns: 300 },
    );
  });
});
