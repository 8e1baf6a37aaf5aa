import { describe, expect, it } from 'vitest';
import { createMemoryIdempotencyStore } from './memory-idempotency-store.js';

describe('createMemoryIdempotencyStore', () => {
  it('lets the first claim of an id win and refuses the next ones', () => {
    const store = createMemoryIdempotencyStore();
    expect(store.claim('evt_1', 1000)).toBe(true);
    expect(store.claim('evt_1', 1000)).toBe(false);
    expect(store.claim('evt_2', 1000)).toBe(true);
  });

  it('forgets an id once its TTL has passed', () => {
    let now = 0;
    const store = createMemoryIdempotencyStore({ now: () => now });
    store.claim('evt_1', 1000);
    now = 999;
    expect(store.claim('evt_1', 1000)).toBe(false);
    now = 1000;
    expect(store.claim('evt_1', 1000)).toBe(true);
  });

  it('drops expired ids instead of growing', () => {
    let now = 0;
    const store = createMemoryIdempotencyStore({ now: () => now });
    for (let i = 0; i < 100; i++) store.claim(`evt_${i}`, 10);
    now = 20;
    store.claim('evt_new', 10);
    expect(store.size).toBe(1);
  });

  it('stays within maxEntries by forgetting the oldest id', () => {
    const store = createMemoryIdempotencyStore({ maxEntries: 3 });
    for (const id of ['a', 'b', 'c', 'd']) store.claim(id, 60_000);
    expect(store.size).toBe(3);
    expect(store.claim('a', 60_000)).toBe(true);
    expect(store.claim('d', 60_000)).toBe(false);
  });

  it('makes a released id claimable again', () => {
    const store = createMemoryIdempotencyStore();
    store.claim('evt_1', 1000);
    store.release('evt_1');
    expect(store.claim('evt_1', 1000)).toBe(true);
  });

  it('rejects a size or TTL that cannot work', () => {
    expect(() => createMemoryIdempotencyStore({ maxEntries: 0 })).toThrow(expect.objectContaining({ code: 'invalid_argument' }));
    expect(() => createMemoryIdempotencyStore().claim('x', 0)).toThrow(expect.objectContaining({ code: 'invalid_argument' }));
  });
});
