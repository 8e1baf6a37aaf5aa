import { describe, expect, it } from 'vitest';
import { createMemoryIdempotencyStore } from './memory-idempotency-store.js';

// What every store does is the shared contract's (packages/tests); this is what only the memory store does.
describe('createMemoryIdempotencyStore', () => {
  it('drops expired ids instead of growing', () => {
    let now = 0;
    const store = createMemoryIdempotencyStore({ now: () => now });
    for (let i = 0; i < 100; i++) store.claim(`evt_${i}`, 't', 10);
    now = 20;
    store.claim('evt_new', 't', 10);
    expect(store.size).toBe(1);
  });

  it('stays within maxEntries by forgetting the oldest id', () => {
    const store = createMemoryIdempotencyStore({ maxEntries: 3 });
    for (const id of ['a', 'b', 'c', 'd']) store.claim(id, 't', 60_000);
    expect(store.size).toBe(3);
    expect(store.claim('a', 't', 60_000)).toBe('claimed');
    expect(store.claim('d', 't', 60_000)).toBe('in_flight');
  });

  it('keeps a completed id past later claims of others, since completing moves it to the back', () => {
    const store = createMemoryIdempotencyStore({ maxEntries: 2 });
    store.claim('a', 't', 60_000);
    store.claim('b', 't', 60_000);
    store.complete('a', 't', 60_000);
    store.claim('c', 't', 60_000); // evicts b, the oldest entry now
    expect(store.claim('a', 't', 60_000)).toBe('completed');
  });

  it('rejects a size, lease or TTL that cannot work', () => {
    expect(() => createMemoryIdempotencyStore({ maxEntries: 0 })).toThrow(expect.objectContaining({ code: 'invalid_argument' }));
    expect(() => createMemoryIdempotencyStore().claim('x', 't', 0)).toThrow(expect.objectContaining({ code: 'invalid_argument' }));
    expect(() => createMemoryIdempotencyStore().complete('x', 't', Number.NaN)).toThrow(expect.objectContaining({ code: 'invalid_argument' }));
  });
});
