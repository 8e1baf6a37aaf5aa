import { createMemoryDeliveryLog, type DeliveryState } from '@webhooks/core';
import { makeJob } from '@webhooks/testing';
import { describe, expect, it } from 'vitest';

async function fill(log: ReturnType<typeof createMemoryDeliveryLog>, states: DeliveryState[]) {
  const ids: string[] = [];
  for (const state of states) {
    const job = makeJob();
    ids.push(job.deliveryId);
    await log.record({ job, state, at: job.createdAt });
  }
  return ids;
}

describe('memory delivery log: maxRecords', () => {
  it('never holds more than maxRecords and drops the oldest succeeded first', async () => {
    const log = createMemoryDeliveryLog({ maxRecords: 8 });
    const ids = await fill(log, Array(20).fill('succeeded'));
    expect(log.size).toBeLessThanOrEqual(8);
    expect(await log.get(ids[0]!)).toBeUndefined();
    expect((await log.get(ids[19]!))?.state).toBe('succeeded');
    expect((await log.get(ids[13]!))?.state).toBe('succeeded');
  });

  it('keeps dead deliveries (for replay) while succeeded ones can go', async () => {
    const log = createMemoryDeliveryLog({ maxRecords: 16 });
    const dead = await fill(log, ['dead', 'dead', 'held', 'retrying']);
    const ok = await fill(log, Array(40).fill('succeeded'));
    expect(log.size).toBeLessThanOrEqual(16);
    for (const id of dead) expect(await log.get(id)).toBeDefined();
    expect(await log.get(ok.at(-1)!)).toBeDefined();
    expect(await log.get(ok[0]!)).toBeUndefined();
  });

  it('drops the oldest of any state when none has succeeded, and keeps the newest', async () => {
    const log = createMemoryDeliveryLog({ maxRecords: 4 });
    const ids = await fill(log, Array(6).fill('dead'));
    expect(log.size).toBe(4);
    expect(await log.get(ids[0]!)).toBeUndefined();
    expect(await log.get(ids[1]!)).toBeUndefined();
    expect((await log.find({ state: 'dead' })).map((r) => r.job.deliveryId)).toEqual(ids.slice(2).reverse());
  });

  it('records into a log of one', async () => {
    const log = createMemoryDeliveryLog({ maxRecords: 1 });
    const ids = await fill(log, ['succeeded', 'succeeded', 'dead']);
    expect(log.size).toBe(1);
    expect((await log.get(ids[2]!))?.state).toBe('dead');
  });

  it('updates of a record already held do not evict anything', async () => {
    const log = createMemoryDeliveryLog({ maxRecords: 3 });
    const job = makeJob();
    const ids = await fill(log, ['succeeded', 'succeeded']);
    await log.record({ job, state: 'pending', at: 1 });
    await log.record({ job, state: 'succeeded', at: 2 });
    expect(log.size).toBe(3);
    for (const id of [...ids, job.deliveryId]) expect(await log.get(id)).toBeDefined();
  });
});

describe('memory delivery log: unfinished deliveries', () => {
  it('never evicts pending, retrying or held deliveries, however full', async () => {
    const log = createMemoryDeliveryLog({ maxRecords: 4 });
    const live = await fill(log, ['pending', 'retrying', 'held', 'held', 'pending', 'retrying']);
    await fill(log, ['succeeded', 'dead']);
    for (const id of live) expect(await log.get(id)).toBeDefined();
    expect(await log.find({ state: 'held' })).toHaveLength(2);
  });

  it('refuses room for more once unfinished deliveries fill it, saying why', async () => {
    const log = createMemoryDeliveryLog({ maxRecords: 3 });
    await fill(log, ['held', 'held']);
    expect(() => log.checkRoom!(1)).not.toThrow();
    await fill(log, ['retrying']);
    expect(() => log.checkRoom!(1)).toThrow(expect.objectContaining({ code: 'log_full', message: expect.stringMatching(/3 unfinished deliveries .* at most 3/) }));
    const [first] = await log.find({ state: 'held', limit: 1 });
    await log.record({ job: first!.job, state: 'succeeded', at: 9 });
    expect(() => log.checkRoom!(1)).not.toThrow();
  });
});

it('rejects a maxRecords that is not a positive integer, naming it', () => {
  for (const maxRecords of [0, -1, 1.5, Number.NaN]) {
    expect(() => createMemoryDeliveryLog({ maxRecords })).toThrow(/maxRecords must be a positive integer/);
  }
});

describe('memory delivery log: bodies', () => {
  it('drops the body of a succeeded delivery and keeps those of dead, held and unfinished ones', async () => {
    const log = createMemoryDeliveryLog();
    const jobs = (['succeeded', 'dead', 'held', 'retrying'] as const).map((state) => ({ state, job: makeJob() }));
    for (const { job } of jobs) await log.record({ job, state: 'pending', at: job.createdAt });
    for (const { job, state } of jobs) await log.record({ job, state, at: job.createdAt + 1 });

    const [succeeded, ...others] = await Promise.all(jobs.map(({ job }) => log.get(job.deliveryId)));
    expect(succeeded).toMatchObject({ state: 'succeeded', bodyDropped: true, job: { body: '' } });
    for (const [i, record] of others.entries()) {
      expect(record!.bodyDropped).toBeUndefined();
      expect(record!.job.body).toBe(jobs[i + 1]!.job.body);
    }
  });

  it('keeps every body with keepSucceededBodies', async () => {
    const log = createMemoryDeliveryLog({ keepSucceededBodies: true });
    const job = makeJob();
    await log.record({ job, state: 'pending', at: job.createdAt });
    await log.record({ job, state: 'succeeded', at: job.createdAt + 1 });
    expect(await log.get(job.deliveryId)).toMatchObject({ state: 'succeeded', job: { body: job.body } });
    expect((await log.get(job.deliveryId))!.bodyDropped).toBeUndefined();
  });
});

describe('memory delivery log: attempts and times read back as recorded', () => {
  const success = (startedAt: number) => ({ attempt: 1, startedAt, durationMs: 12, outcome: 'success' as const, reason: 'HTTP 200', status: 200, responseBody: 'ok' });

  it('gives back a lone attempt, then the lone one and later ones in order', async () => {
    const log = createMemoryDeliveryLog();
    const job = { ...makeJob(), createdAt: 1_700_000_000_000 };
    const first = { attempt: 1, startedAt: job.createdAt + 5, durationMs: 30, outcome: 'retry' as const, reason: 'HTTP 503', status: 503, responseBody: 'busy' };
    await log.record({ job, state: 'retrying', at: job.createdAt + 40, attempt: first });
    expect((await log.get(job.deliveryId))?.attempts).toEqual([first]);
    const second = { ...success(job.createdAt + 60_000), attempt: 2 };
    await log.record({ job: { ...job, attempt: 2 }, state: 'succeeded', at: job.createdAt + 60_020, attempt: second });
    const record = await log.get(job.deliveryId);
    expect(record?.attempts).toEqual([first, second]);
    expect(record?.updatedAt).toBe(job.createdAt + 60_020);
    // The copy is the caller's: changing it changes nothing in the log.
    record!.attempts[0]!.reason = 'changed';
    expect((await log.get(job.deliveryId))?.attempts[0]?.reason).toBe('HTTP 503');
  });

  it('keeps an error, a retry time and a source with the attempt', async () => {
    const log = createMemoryDeliveryLog();
    const job = makeJob();
    const attempt = { attempt: 1, startedAt: job.createdAt, durationMs: 5, outcome: 'retry' as const, reason: 'timeout', error: 'attempt deadline exceeded', nextRetryAt: job.createdAt + 1000, source: 'deliveries:0:42' };
    await log.record({ job, state: 'retrying', at: job.createdAt + 5, attempt });
    expect((await log.get(job.deliveryId))?.attempts).toEqual([attempt]);
  });

  it('gives back times that are not whole milliseconds exactly (a fake clock may use them)', async () => {
    const log = createMemoryDeliveryLog();
    // Chosen so that createdAt + (t - createdAt) !== t in floating point.
    const [createdAt, t] = [2.1528571428571426, 6.821311688311689];
    const job = { ...makeJob(), createdAt };
    await log.record({ job, state: 'succeeded', at: t, attempt: success(t) });
    const record = await log.get(job.deliveryId);
    expect(record?.updatedAt).toBe(t);
    expect(record?.attempts[0]?.startedAt).toBe(t);
    expect(record?.job.createdAt).toBe(createdAt);
  });
});
