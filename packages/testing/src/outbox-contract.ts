import type { DeliveryJob, OutboxStore } from '@webhooks/core';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hostileText } from './hostile-text.js';
import { makeJob } from './jobs.js';

export interface OutboxHarness {
  /** A store over the shared outbox; each call may open its own connection (one per relay). */
  createStore(): Promise<OutboxStore>;
  /** Commits jobs to the outbox, each in a transaction of its own, as the adapter writes them at commit. */
  insert(jobs: DeliveryJob[]): Promise<void>;
  /** Empties the outbox between tests. */
  clear(): Promise<void>;
  close(): Promise<void>;
}

export interface OutboxContractOptions {
  /** Whether several relays may claim concurrently (row locks). False for SQLite, which runs one relay. */
  concurrentRelays: boolean;
  /** Whether a text column holds NUL. False for Postgres, where each driver's bound insert decides. */
  textHoldsNul: boolean;
}

/** The behaviour every outbox store shares (Sequelize, MikroORM; SQLite, Postgres, MariaDB). */
export function describeOutboxContract(
  name: string,
  create: () => Promise<OutboxHarness>,
  options: OutboxContractOptions,
): void {
  describe(`OutboxStore contract: ${name}`, () => {
    let harness: OutboxHarness;
    let store: OutboxStore;
    beforeAll(async () => {
      harness = await create();
      store = await harness.createStore();
    });
    afterAll(() => harness?.close());
    const collect = async (s: OutboxStore, limit = 1000) => {
      const seen: DeliveryJob[] = [];
      await s.relayBatch(limit, async (jobs) => {
        seen.push(...jobs);
      });
      return seen;
    };

    it('publishes nothing from an empty outbox', async () => {
      await harness.clear();
      expect(await store.relayBatch(10, async () => {})).toBe(0);
    });

    it('hands over committed jobs oldest first, exactly as written, once', async () => {
      await harness.clear();
      const jobs = [makeJob(), makeJob({ body: '{"x":"🎉"}' }), makeJob()];
      await harness.insert(jobs);
      expect(await collect(store)).toEqual(jobs);
      expect(await collect(store)).toEqual([]);
    });

    it('hands over any job text byte for byte: quotes, backslashes, placeholders, NUL, Unicode', async () => {
      await harness.clear();
      const text = options.textHoldsNul ? hostileText : hostileText.map((t) => t.replaceAll('\0', ''));
      await fc.assert(
        fc.asyncProperty(fc.array(fc.tuple(text, text), { minLength: 1, maxLength: 3 }), async (pairs) => {
          const jobs = pairs.map(([body, key]) => makeJob({ body, key, endpoint: key }));
          await harness.insert(jobs);
          expect(await collect(store)).toEqual(jobs);
        }),
        { numRuns: 40 },
      );
    });

    it('hands over large job texts byte for byte (past 2000 characters, Postgres and MariaDB store them deflated)', async () => {
      await harness.clear();
      const text = options.textHoldsNul ? hostileText : hostileText.map((t) => t.replaceAll('\0', ''));
      await fc.assert(
        fc.asyncProperty(fc.array(text, { minLength: 1, maxLength: 4 }), fc.integer({ min: 2000, max: 40_000 }), async (parts, length) => {
          const filler = parts.join('') || '"';
          // Cut by code points: half a surrogate pair is not text any database keeps.
          const body = [...filler.repeat(Math.ceil(length / filler.length))].slice(0, length).join('');
          const jobs = [makeJob({ body }), makeJob({ body: `${body}\n${body}` })];
          await harness.insert(jobs);
          expect(await collect(store)).toEqual(jobs);
        }),
        { numRuns: 10 },
      );
    });

    it('respects the batch limit', async () => {
      await harness.clear();
      const jobs = [makeJob(), makeJob(), makeJob()];
      await harness.insert(jobs);
      expect(await collect(store, 2)).toEqual(jobs.slice(0, 2));
      expect(await collect(store, 2)).toEqual(jobs.slice(2));
    });

    it('keeps jobs whose publish failed for the next pass', async () => {
      await harness.clear();
      const jobs = [makeJob(), makeJob()];
      await harness.insert(jobs);
      await expect(
        store.relayBatch(10, async () => {
          throw new Error('broker down');
        }),
      ).rejects.toThrow('broker down');
      expect(await collect(store)).toEqual(jobs);
    });

    it('purges only jobs published before the cutoff', async () => {
      await harness.clear();
      await harness.insert([makeJob()]);
      await collect(store);
      await harness.insert([makeJob()]);
      expect(await store.purgePublished(Date.now() - 60_000)).toBe(0);
      expect(await store.purgePublished(Date.now() + 60_000)).toBe(1);
      expect(await collect(store)).toHaveLength(1);
    });

    if (!options.concurrentRelays) return;
    it('never hands the same job to two relays running at once', async () => {
      await harness.clear();
      const jobs = Array.from({ length: 300 }, () => makeJob());
      await harness.insert(jobs);
      const relays = await Promise.all([harness.createStore(), harness.createStore(), harness.createStore()]);
      const published: string[] = [];
      const perRelay = await Promise.all(
        relays.map(async (relay) => {
          let mine = 0;
          for (;;) {
            const moved = await relay.relayBatch(25, async (batch) => {
              // Hold the claim a little so the relays really overlap.
              await new Promise((resolve) => setTimeout(resolve, 5));
              published.push(...batch.map((j) => j.deliveryId));
            });
            mine += moved;
            if (moved === 0) return mine;
          }
        }),
      );
      expect(published.length).toBe(jobs.length);
      expect(new Set(published).size).toBe(jobs.length);
      expect(perRelay.filter((n) => n > 0).length).toBeGreaterThan(1);
    });
  });
}
