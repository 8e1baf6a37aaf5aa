import type { DeliveryJob, DeliveryLog, Lease } from '@webhooks/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeJob } from './jobs.js';

export interface DeliveryLeasesHarness {
  /** A log over the shared tables; each call may open its own connection, as another process would. */
  createLog(): Promise<DeliveryLog>;
  close(): Promise<void>;
}

const T0 = Date.UTC(2026, 0, 24, 10);
const LEASE = 30_000;
const lease = (owner: string, now: number): Lease => ({ owner, until: now + LEASE });
const ids = (jobs: readonly { deliveryId: string }[]) => jobs.map((job) => job.deliveryId).sort();

/**
 * How a durable delivery log keeps live deliveries from being lost or worked on twice
 * (Sequelize and MikroORM, on SQLite, Postgres and MariaDB), and how it shares endpoint
 * health between processes. Times are passed in, so leases expire without waiting.
 */
export function describeDeliveryLeasesContract(name: string, create: () => Promise<DeliveryLeasesHarness>): void {
  describe(`DeliveryLeases contract: ${name}`, () => {
    let harness: DeliveryLeasesHarness;
    let a: DeliveryLog;
    let b: DeliveryLog;
    // Each test runs an hour after the previous one, when earlier tests' live deliveries are long
    // expired: every test starts by finishing them, so its claims see only its own.
    let now = T0;
    const nextTest = async () => {
      now += 3_600_000;
      for (;;) {
        const claimed = await a.leases!.claim(lease('drain', now), now, 1000);
        if (claimed.length === 0) return now;
        for (const { job } of claimed) await a.record({ job, state: 'succeeded', at: now });
      }
    };
    beforeAll(async () => {
      harness = await create();
      [a, b] = [await harness.createLog(), await harness.createLog()];
    });
    afterAll(() => harness?.close());

    it('records admitted jobs as pending deliveries that no one else can claim while the lease lasts', async () => {
      const t = await nextTest();
      const jobs = [makeJob({ createdAt: t }), makeJob({ createdAt: t })];
      expect(ids(await a.leases!.admit(jobs, lease('A', t), t))).toEqual(ids(jobs));
      const record = await b.get(jobs[0]!.deliveryId);
      expect(record).toMatchObject({ job: jobs[0], state: 'pending', attempts: [] });
      expect(await b.leases!.claim(lease('B', t + 1000), t + 1000, 10)).toEqual([]);
      // The lease ran out (its process died): another process takes the deliveries over, as they were.
      const later = t + LEASE + 1;
      const claimed = await b.leases!.claim(lease('B', later), later, 10);
      expect(ids(claimed.map((c) => c.job))).toEqual(ids(jobs));
      expect(claimed.find((c) => c.job.deliveryId === jobs[0]!.deliveryId)).toEqual({ job: jobs[0], notBefore: t });
      expect(await a.leases!.claim(lease('A', later), later, 10)).toEqual([]);
    });

    it('revives only what no live lease of another process covers', async () => {
      const t = await nextTest();
      const mine = makeJob();
      const theirs = makeJob();
      const expired = makeJob();
      await b.leases!.admit([theirs], lease('B', t), t);
      await b.leases!.admit([expired], { owner: 'B', until: t - 1 }, t - LEASE);
      const released = makeJob();
      await b.leases!.admit([released], lease('B', t), t);
      await b.leases!.release([released.deliveryId], 'B');
      // A relay publishing again what the log holds (revive off) changes nothing of it.
      expect(ids(await a.leases!.admit([theirs, expired, released], lease('A', t), t))).toEqual([]);
      const admitted = await a.leases!.admit([mine, theirs, expired, released], lease('A', t), t, true);
      expect(ids(admitted)).toEqual(ids([mine, expired, released]));
    });

    it('admits a finished delivery again only when asked to revive it (a replay), as pending from its first attempt', async () => {
      const t = await nextTest();
      const job = makeJob();
      await a.leases!.admit([job], lease('A', t), t);
      await a.record({ job, state: 'dead', reason: 'HTTP 400', at: t + 1, attempt: { attempt: 1, startedAt: t, durationMs: 5, outcome: 'failed', status: 400, reason: 'HTTP 400' } });
      expect(await b.leases!.claim(lease('B', t + LEASE * 2), t + LEASE * 2, 10)).toEqual([]);
      const replay = { ...job, attempt: 1 };
      expect(await b.leases!.admit([replay], lease('B', t + 10), t + 10)).toEqual([]);
      expect((await a.get(job.deliveryId))!.state).toBe('dead');
      expect(ids(await b.leases!.admit([replay], lease('B', t + 10), t + 10, true))).toEqual([job.deliveryId]);
      expect(await a.get(job.deliveryId)).toMatchObject({ state: 'pending', attempts: [{ attempt: 1, status: 400 }] });
    });

    it('renews and releases only the owner’s leases', async () => {
      const t = await nextTest();
      const [kept, freed, other] = [makeJob(), makeJob(), makeJob()];
      await a.leases!.admit([kept, freed], lease('A', t), t);
      await b.leases!.admit([other], lease('B', t), t);
      const renewedAt = t + LEASE - 1;
      await a.leases!.renew([kept.deliveryId, other.deliveryId], lease('A', renewedAt));
      await a.leases!.release([freed.deliveryId, other.deliveryId], 'A');
      const claimedNow = await b.leases!.claim(lease('C', t + 1), t + 1, 10);
      expect(ids(claimedNow.map((c) => c.job))).toEqual([freed.deliveryId]);
      const afterFirstLease = t + LEASE + 1;
      const claimedLater = await b.leases!.claim(lease('C', afterFirstLease), afterFirstLease, 10);
      expect(ids(claimedLater.map((c) => c.job))).toEqual([other.deliveryId]);
    });

    it('keeps a retry leased by its owner, and lets another process claim it due with its next attempt', async () => {
      const t = await nextTest();
      const job = makeJob();
      await a.leases!.admit([job], lease('A', t), t);
      const nextRetryAt = t + 60_000;
      const attempt = { attempt: 1, startedAt: t, durationMs: 5, outcome: 'retry' as const, status: 503, reason: 'HTTP 503', nextRetryAt };
      await a.record({ job, state: 'retrying', attempt, at: t + 5, lease: { owner: 'A', until: nextRetryAt + LEASE } });
      expect(await b.leases!.claim(lease('B', nextRetryAt), nextRetryAt, 10)).toEqual([]);
      const orphaned = nextRetryAt + LEASE + 1;
      const [claimed] = await b.leases!.claim(lease('B', orphaned), orphaned, 10);
      expect(claimed).toEqual({ job: { ...job, attempt: 2 }, notBefore: nextRetryAt });
    });

    it('leaves a retry due later than one lease in the log, unleased, until it comes due', async () => {
      const t = await nextTest();
      const job = makeJob();
      await a.leases!.admit([job], lease('A', t), t);
      const nextRetryAt = t + 10 * LEASE;
      await a.record({ job, state: 'retrying', at: t + 5, attempt: { attempt: 1, startedAt: t, durationMs: 5, outcome: 'retry', reason: 'timeout', nextRetryAt } });
      expect(await b.leases!.claim(lease('B', t + 10), t + 10, 10)).toEqual([]);
      const soon = nextRetryAt - LEASE / 2;
      const [claimed] = await b.leases!.claim(lease('B', soon), soon, 10);
      expect(claimed).toEqual({ job: { ...job, attempt: 2 }, notBefore: nextRetryAt });
    });

    it('never claims a finished or held delivery', async () => {
      const t = await nextTest();
      const [done, dead, held] = [makeJob(), makeJob(), makeJob()];
      await a.leases!.admit([done, dead, held], lease('A', t), t);
      await a.record({ job: done, state: 'succeeded', at: t + 1 });
      await a.record({ job: dead, state: 'dead', reason: 'x', at: t + 1 });
      await a.record({ job: held, state: 'held', reason: 'endpoint disabled', at: t + 1 });
      const later = t + LEASE * 2;
      expect(await b.leases!.claim(lease('B', later), later, 10)).toEqual([]);
    });

    it('resumes the held deliveries of the endpoints named, as pending that anyone may claim', async () => {
      const t = await nextTest();
      const resumed = makeJob({ endpoint: `resume-${t}` });
      const stays = makeJob({ endpoint: `other-${t}` });
      await a.leases!.admit([resumed, stays], lease('A', t), t);
      for (const job of [resumed, stays]) await a.record({ job, state: 'held', reason: 'endpoint disabled', at: t + 1 });
      expect(await b.leases!.resume([resumed.endpoint], t + 2)).toBe(1);
      expect(await b.leases!.resume([resumed.endpoint], t + 3)).toBe(0);
      const claimed = await b.leases!.claim(lease('B', t + 4), t + 4, 10);
      expect(claimed).toEqual([{ job: resumed, notBefore: t + 2 }]);
      expect((await a.get(stays.deliveryId))!.state).toBe('held');
    });

    it('never hands one delivery to two processes claiming at once', async () => {
      const t = await nextTest();
      const jobs: DeliveryJob[] = Array.from({ length: 120 }, () => makeJob());
      await a.leases!.admit(jobs, { owner: 'gone', until: t - 1 }, t - LEASE);
      const claimers = [a, b, await harness.createLog(), await harness.createLog()];
      const taken = await Promise.all(
        claimers.map(async (log, i) => {
          const mine: string[] = [];
          for (;;) {
            const claimed = await log.leases!.claim(lease(`claimer-${i}`, t), t, 7);
            if (claimed.length === 0) return mine;
            mine.push(...claimed.map((c) => c.job.deliveryId));
          }
        }),
      );
      const all = taken.flat();
      expect(all.sort()).toEqual(ids(jobs));
      expect(new Set(all).size).toBe(jobs.length);
    });

    it('counts endpoint failures together across processes, and disables once', async () => {
      const endpoint = `health-${await nextTest()}`;
      const states = [a.endpoints!, b.endpoints!];
      for (let i = 0; i < 4; i++) await states[i % 2]!.failed(endpoint, T0 + i);
      expect(await b.endpoints!.failed(endpoint, T0 + 10)).toMatchObject({ endpoint, state: 'active', consecutiveFailures: 5 });
      expect(await Promise.all(states.map((s) => s.disable(endpoint, '5 consecutive failed attempts', T0 + 11)))).toEqual(
        expect.arrayContaining([true, false]),
      );
      expect((await a.endpoints!.list()).find((s) => s.endpoint === endpoint)).toEqual({
        endpoint,
        state: 'disabled',
        consecutiveFailures: 5,
        reason: '5 consecutive failed attempts',
        disabledAt: T0 + 11,
      });
      await b.endpoints!.enable(endpoint);
      expect((await a.endpoints!.list()).find((s) => s.endpoint === endpoint)).toEqual({ endpoint, state: 'active', consecutiveFailures: 0 });
      await a.endpoints!.failed(endpoint, T0 + 12);
      await b.endpoints!.succeeded(endpoint);
      expect((await a.endpoints!.list()).find((s) => s.endpoint === endpoint)!.consecutiveFailures).toBe(0);
    });
  });
}
