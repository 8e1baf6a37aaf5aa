import type { IdempotencyStore } from '@webhooks/verify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** How the contract reaches one store implementation. */
export interface IdempotencyStoreHarness {
  /**
   * `count` stores over one fresh namespace (table, key prefix) that no other test uses, each with
   * its own connection where the backend has connections: as several receiver processes would.
   */
  stores(count: number): Promise<IdempotencyStore[]>;
  /** Lets `ms` pass as the store sees time: a manual clock, or real time for a server-side clock (Redis). */
  elapse(ms: number): Promise<void>;
  close(): Promise<void>;
}

const LEASE = 60_000;
const TTL = 86_400_000;
// Long enough for a server-side clock to tell apart from "now", short enough to wait for.
const SHORT = 200;

let next = 0;
const ids = () => `evt_contract_${Date.now().toString(36)}_${next++}`;

/**
 * The behaviour every `IdempotencyStore` shares (memory, SQL on each dialect,
 * Redis): one winner among concurrent claims, completion, release after a
 * failed handler, lapsed leases and expiry, and tokens that keep a late
 * holder from touching the next one's claim.
 */
export function describeIdempotencyStoreContract(name: string, create: () => Promise<IdempotencyStoreHarness>): void {
  describe(`IdempotencyStore contract: ${name}`, () => {
    let harness: IdempotencyStoreHarness;
    let store: IdempotencyStore;
    beforeAll(async () => {
      harness = await create();
      [store] = (await harness.stores(1)) as [IdempotencyStore];
    });
    afterAll(() => harness?.close());

    it('lets the first claim of an id win and finds the id in flight for the next ones', async () => {
      const id = ids();
      expect(await store.claim(id, 'a', LEASE)).toBe('claimed');
      expect(await store.claim(id, 'b', LEASE)).toBe('in_flight');
      expect(await store.claim(ids(), 'c', LEASE)).toBe('claimed');
    });

    it('gives exactly one of many concurrent claims of one id, over several connections, the win', async () => {
      const stores = await harness.stores(4);
      const id = ids();
      const results = await Promise.all(
        Array.from({ length: 40 }, (_, i) => Promise.resolve(stores[i % stores.length]!.claim(id, `t${i}`, LEASE))),
      );
      expect(results.filter((r) => r === 'claimed')).toHaveLength(1);
      expect(results.filter((r) => r === 'in_flight')).toHaveLength(39);
    });

    it('answers completed once the holder completed the id', async () => {
      const id = ids();
      await store.claim(id, 'a', LEASE);
      await store.complete(id, 'a', TTL);
      expect(await store.claim(id, 'b', LEASE)).toBe('completed');
    });

    it('lets the next delivery claim an id that a failed handler released', async () => {
      const id = ids();
      await store.claim(id, 'a', LEASE);
      await store.release(id, 'a');
      expect(await store.claim(id, 'b', LEASE)).toBe('claimed');
    });

    it('releases a completed id too, for a handler that failed after answering', async () => {
      const id = ids();
      await store.claim(id, 'a', LEASE);
      await store.complete(id, 'a', TTL);
      await store.release(id, 'a');
      expect(await store.claim(id, 'b', LEASE)).toBe('claimed');
    });

    it('lets an id be claimed again once a lease lapses, as when its process died mid-handler', async () => {
      const id = ids();
      await store.claim(id, 'a', SHORT);
      await harness.elapse(SHORT + 50);
      expect(await store.claim(id, 'b', LEASE)).toBe('claimed');
    });

    it('forgets a completed id once its TTL has passed', async () => {
      const id = ids();
      await store.claim(id, 'a', LEASE);
      await store.complete(id, 'a', SHORT);
      expect(await store.claim(id, 'b', LEASE)).toBe('completed');
      await harness.elapse(SHORT + 50);
      expect(await store.claim(id, 'c', LEASE)).toBe('claimed');
    });

    it('ignores complete and release from a holder whose lease lapsed and was taken over', async () => {
      const id = ids();
      await store.claim(id, 'late', SHORT);
      await harness.elapse(SHORT + 50);
      expect(await store.claim(id, 'next', LEASE)).toBe('claimed');
      await store.release(id, 'late');
      expect(await store.claim(id, 'third', LEASE)).toBe('in_flight');
      await store.complete(id, 'late', TTL);
      expect(await store.claim(id, 'third', LEASE)).toBe('in_flight');
      await store.complete(id, 'next', TTL);
      expect(await store.claim(id, 'third', LEASE)).toBe('completed');
    });

    it('records the completion of a holder whose lease lapsed while nobody took the id over', async () => {
      const id = ids();
      await store.claim(id, 'slow', SHORT);
      await harness.elapse(SHORT + 50);
      await store.complete(id, 'slow', TTL);
      expect(await store.claim(id, 'next', LEASE)).toBe('completed');
    });

    it('keeps ids apart byte for byte: case, accents, emoji and long ids', async () => {
      const base = ids();
      const variants = [`${base}_abc`, `${base}_ABC`, `${base}_é`, `${base}_e\u0301`, `${base}_🎉`, `${base}_${'x'.repeat(200)}`];
      for (const id of variants) expect(await store.claim(id, 'a', LEASE)).toBe('claimed');
      for (const id of variants) expect(await store.claim(id, 'b', LEASE)).toBe('in_flight');
    });
  });
}
