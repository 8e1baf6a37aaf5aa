import type { AttemptRecord, DeliveryLog } from '@webhooks/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeJob } from './jobs.js';

export interface DeliveryLogHarness {
  log: DeliveryLog;
  close(): Promise<void>;
}

const attempt = (n: number, extra: Partial<AttemptRecord> = {}): AttemptRecord => ({
  attempt: n,
  startedAt: Date.UTC(2026, 0, 24, 10, 0, n),
  durationMs: 12,
  outcome: 'retry',
  status: 503,
  reason: 'HTTP 503',
  responseBody: 'busy ☕',
  nextRetryAt: Date.UTC(2026, 0, 24, 10, 1, n),
  ...extra,
});

/** The behaviour every `DeliveryLog` implementation shares (memory, Sequelize, MikroORM). */
export function describeDeliveryLogContract(name: string, create: () => Promise<DeliveryLogHarness>): void {
  describe(`DeliveryLog contract: ${name}`, () => {
    let harness: DeliveryLogHarness;
    let log: DeliveryLog;
    beforeAll(async () => {
      harness = await create();
      log = harness.log;
    });
    afterAll(() => harness?.close());

    it('returns undefined for an unknown delivery', async () => {
      expect(await log.get('dlv_unknown')).toBeUndefined();
    });

    it('keeps the job, the state and every attempt in order', async () => {
      const job = makeJob();
      await log.record({ job, state: 'retrying', attempt: attempt(1), at: 1000 });
      await log.record({ job: { ...job, attempt: 2 }, state: 'retrying', attempt: attempt(2, { error: 'ECONNRESET', status: undefined, responseBody: undefined, outcome: 'retry', reason: 'network_error' }), at: 2000 });
      await log.record({ job: { ...job, attempt: 3 }, state: 'dead', attempt: attempt(3, { outcome: 'failed', status: 400, reason: 'HTTP 400', nextRetryAt: undefined }), reason: 'HTTP 400', at: 3000 });
      const record = await log.get(job.deliveryId);
      expect(record).toMatchObject({ job: { ...job, attempt: 3 }, state: 'dead', reason: 'HTTP 400', updatedAt: 3000 });
      expect(record!.attempts.map((a) => [a.attempt, a.outcome, a.status ?? null, a.reason, a.error ?? null])).toEqual([
        [1, 'retry', 503, 'HTTP 503', null],
        [2, 'retry', null, 'network_error', 'ECONNRESET'],
        [3, 'failed', 400, 'HTTP 400', null],
      ]);
      expect(record!.attempts[0]).toEqual(attempt(1));
    });

    it('changes state without an attempt and clears an old reason', async () => {
      const job = makeJob();
      await log.record({ job, state: 'held', reason: 'endpoint disabled', at: 1 });
      await log.record({ job, state: 'pending', at: 2 });
      const record = await log.get(job.deliveryId);
      expect(record).toMatchObject({ state: 'pending', attempts: [] });
      expect(record!.reason).toBeUndefined();
    });

    it('finds by event, endpoint and state, newest first, up to a limit', async () => {
      const eventId = `evt_FIND${Date.now()}`;
      const a = makeJob({ eventId, endpoint: 'find-a' });
      const b = makeJob({ eventId, endpoint: 'find-b' });
      const c = makeJob({ endpoint: 'find-a' });
      await log.record({ job: a, state: 'succeeded', at: 10 });
      await log.record({ job: b, state: 'dead', reason: 'x', at: 11 });
      await log.record({ job: c, state: 'dead', reason: 'y', at: 12 });
      const ids = async (q: Parameters<DeliveryLog['find']>[0]) => (await log.find(q)).map((r) => r.job.deliveryId);
      expect(await ids({ eventId })).toEqual([b.deliveryId, a.deliveryId]);
      expect(await ids({ endpoint: 'find-a' })).toEqual([c.deliveryId, a.deliveryId]);
      expect(await ids({ endpoint: 'find-a', state: 'dead' })).toEqual([c.deliveryId]);
      expect(await ids({ eventId, state: ['dead', 'succeeded'] })).toEqual([b.deliveryId, a.deliveryId]);
      expect(await ids({ endpoint: 'find-a', limit: 1 })).toEqual([c.deliveryId]);
    });

    it('filters by event name and creation time, pages newest first with a cursor, and counts', async () => {
      const endpoint = `page-${Date.now()}`;
      const jobs = Array.from({ length: 5 }, (_, i) =>
        makeJob({ endpoint, eventName: i % 2 === 0 ? 'order.paid' : 'order.shipped', createdAt: Date.UTC(2026, 1, 1) + i * 1000 }),
      );
      for (const job of jobs) await log.record({ job, state: job.eventName === 'order.paid' ? 'dead' : 'succeeded', at: job.createdAt });
      const ids = async (q: Parameters<DeliveryLog['find']>[0]) => (await log.find(q)).map((r) => r.job.deliveryId);
      const newestFirst = jobs.map((j) => j.deliveryId).reverse();
      expect(await ids({ endpoint, limit: 2 })).toEqual(newestFirst.slice(0, 2));
      expect(await ids({ endpoint, limit: 2, before: newestFirst[1] })).toEqual(newestFirst.slice(2, 4));
      expect(await ids({ endpoint, limit: 2, before: newestFirst[3] })).toEqual(newestFirst.slice(4));
      expect(await ids({ endpoint, eventName: 'order.shipped' })).toEqual([jobs[3]!.deliveryId, jobs[1]!.deliveryId]);
      expect(await ids({ endpoint, since: jobs[3]!.createdAt })).toEqual([jobs[4]!.deliveryId, jobs[3]!.deliveryId]);
      expect(await log.count({ endpoint })).toBe(5);
      expect(await log.count({ endpoint, state: 'dead' })).toBe(3);
      expect(await log.count({ endpoint, eventName: 'order.paid', since: jobs[2]!.createdAt })).toBe(2);
    });

    it('reports per endpoint its deliveries not succeeded, by state, and its attempts since a time', async () => {
      const [busy, quiet, unknown] = ['busy', 'quiet', 'unknown'].map((name) => `activity-${name}-${Date.now()}`) as [string, string, string];
      const since = Date.UTC(2026, 2, 1, 12);
      const at = (minutes: number) => since + minutes * 60_000;
      const tried = (n: number, startedAt: number, outcome: AttemptRecord['outcome']) =>
        attempt(n, { startedAt, outcome, status: outcome === 'success' ? 200 : 503, nextRetryAt: undefined });
      const ok = makeJob({ endpoint: busy });
      await log.record({ job: ok, state: 'succeeded', attempt: tried(1, at(5), 'success'), at: at(5) });
      const died = makeJob({ endpoint: busy });
      await log.record({ job: died, state: 'retrying', attempt: tried(1, at(-30), 'retry'), at: at(-30) }); // before `since`
      await log.record({ job: { ...died, attempt: 2 }, state: 'dead', attempt: tried(2, at(1), 'failed'), reason: 'HTTP 503', at: at(1) });
      await log.record({ job: makeJob({ endpoint: busy }), state: 'retrying', attempt: tried(1, at(2), 'retry'), at: at(2) });
      await log.record({ job: makeJob({ endpoint: busy }), state: 'held', reason: 'endpoint disabled', at: at(3) });
      await log.record({ job: makeJob({ endpoint: busy }), state: 'pending', at: at(4) });
      await log.record({ job: makeJob({ endpoint: quiet }), state: 'dead', attempt: tried(1, at(-60), 'failed'), reason: 'HTTP 400', at: at(-60) });
      await log.record({ job: makeJob({ endpoint: quiet }), state: 'dead', attempt: tried(1, at(-61), 'failed'), reason: 'HTTP 400', at: at(-61) });
      await log.record({ job: makeJob({ endpoint: 'activity-not-asked' }), state: 'dead', at: at(1) });
      expect(await log.endpointActivity({ endpoints: [quiet, busy, unknown], since })).toEqual([
        { endpoint: quiet, pending: 0, retrying: 0, held: 0, dead: 2, attempts: 0, attemptsSucceeded: 0 },
        { endpoint: busy, pending: 1, retrying: 1, held: 1, dead: 1, attempts: 3, attemptsSucceeded: 1 },
        { endpoint: unknown, pending: 0, retrying: 0, held: 0, dead: 0, attempts: 0, attemptsSucceeded: 0 },
      ]);
      expect(await log.endpointActivity({ endpoints: [], since })).toEqual([]);
    });

    it('keeps bodies byte-exact', async () => {
      const job = makeJob({ body: '{"emoji":"🎉","quote":"\\"","nul":"\\u0000"}' });
      await log.record({ job, state: 'pending', at: 1 });
      expect((await log.get(job.deliveryId))!.job.body).toBe(job.body);
    });
  });
}
