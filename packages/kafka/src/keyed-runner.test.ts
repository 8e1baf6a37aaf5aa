import { createDeferred, makeJob, sleep, waitFor } from '@webhooks/testing';
import { describe, expect, it } from 'vitest';
import { KeyedRunner, type Work } from './keyed-runner.js';

const work = (key: string, offset: number): Work => ({ topic: 't', partition: 0, offset, job: makeJob({ key }) });

describe('KeyedRunner', () => {
  it('runs one key at a time in order while other keys run beside it, within the concurrency', async () => {
    const done: number[] = [];
    const runner = new KeyedRunner({ concurrency: 2, redeliveryDelayMs: 10, onDone: (w) => done.push(w.offset), onHandlerError: () => {} });
    const gate = createDeferred();
    let running = 0;
    let most = 0;
    runner.start(async (job) => {
      most = Math.max(most, ++running);
      if (job.key === 'a') await gate.promise;
      await sleep(1);
      running--;
    });
    [work('a', 0), work('a', 1), work('b', 2), work('b', 3), work('c', 4)].forEach((w) => runner.push(w));

    await waitFor(() => done.length === 3, { what: 'keys b and c' });
    expect([...done].sort()).toEqual([2, 3, 4]);
    gate.resolve();
    await waitFor(() => done.length === 5, { what: 'key a' });
    expect(done.indexOf(0)).toBeLessThan(done.indexOf(1));
    expect(most).toBe(2);
  });

  it('runs a work whose handler rejected again after the delay, keeping its key behind it', async () => {
    const done: number[] = [];
    const errors: unknown[] = [];
    const runner = new KeyedRunner({ concurrency: 4, redeliveryDelayMs: 20, onDone: (w) => done.push(w.offset), onHandlerError: (e) => errors.push(e) });
    let calls = 0;
    runner.start(async (job) => {
      if (job.key === 'a' && calls++ === 0) throw new Error('down');
    });
    runner.push(work('a', 0));
    runner.push(work('a', 1));

    await waitFor(() => done.length === 2, { what: 'both works' });
    expect(done).toEqual([0, 1]);
    expect(errors).toHaveLength(1);
  });

  it('drops works not started for partitions it no longer owns, and starts nothing after stop()', async () => {
    const started: string[] = [];
    const gate = createDeferred();
    const runner = new KeyedRunner({ concurrency: 1, redeliveryDelayMs: 10, onDone: () => {}, onHandlerError: () => {} });
    runner.start(async (job) => {
      started.push(job.key);
      await gate.promise;
    });
    runner.push(work('a', 0));
    runner.push({ ...work('a', 1), partition: 1 });
    runner.push(work('b', 2));
    runner.drop((w) => w.partition === 0);
    expect(runner.size).toBe(2);
    runner.stop();
    gate.resolve();
    await runner.until(() => runner.inFlight === 0);
    expect(started).toEqual(['a']);
  });
});
