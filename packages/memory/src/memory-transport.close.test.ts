import type { DeliveryJob } from '@webhooks/core';
import { createDeferred, createManualClock, makeJob } from '@webhooks/testing';
import { describe, expect, it } from 'vitest';
import { createMemoryTransport } from './memory-transport.js';

describe('memory transport close()', () => {
  it('returns the delayed jobs it never handed over, and leaves no timer behind', async () => {
    const clock = createManualClock();
    const transport = createMemoryTransport({ clock });
    await transport.consume(async () => {});
    const [later, sooner] = [makeJob(), makeJob()];
    await transport.schedule(later!, clock.now() + 2000);
    await transport.schedule(sooner!, clock.now() + 1000);

    expect(await transport.close()).toEqual([sooner, later]);
    expect(clock.pending).toBe(0);
  });

  it('hands every ready job to the handler before it resolves', async () => {
    const transport = createMemoryTransport({ concurrency: 1 });
    const handled: DeliveryJob[] = [];
    await transport.consume(async (job) => void handled.push(job));
    const jobs = Array.from({ length: 50 }, () => makeJob({ key: 'one' }));
    await transport.publish(jobs);

    expect(await transport.close()).toEqual([]);
    expect(handled).toEqual(jobs);
  });

  it('returns the ready jobs still queued at the timeout, after waiting for the handler in flight', async () => {
    const clock = createManualClock();
    const transport = createMemoryTransport({ concurrency: 1, clock });
    const gate = createDeferred();
    const handled: DeliveryJob[] = [];
    await transport.consume(async (job) => {
      handled.push(job);
      await gate.promise;
    });
    const jobs = [makeJob(), makeJob(), makeJob()];
    await transport.publish(jobs);
    await clock.advance(0);

    let left: DeliveryJob[] | undefined;
    const closing = transport.close({ timeoutMs: 1000 }).then((jobs) => (left = jobs));
    await clock.advance(1000);
    expect(left).toBeUndefined(); // the first job's handler is still running
    gate.resolve();
    await closing;

    expect(handled).toEqual([jobs[0]]);
    expect(left).toEqual([jobs[1], jobs[2]]);
  });

  it('returns a job whose handler rejected while closing, and a retry its handler scheduled', async () => {
    const clock = createManualClock();
    const transport = createMemoryTransport({ clock });
    const gate = createDeferred();
    const [failing, retrying] = [makeJob(), makeJob()];
    const retry = { ...retrying, attempt: 2 };
    await transport.consume(async (job) => {
      await gate.promise;
      if (job === failing) throw new Error('receiver down');
      await transport.schedule(retry, clock.now() + 60_000);
    });
    await transport.publish([failing, retrying]);
    await clock.advance(0);

    const closing = transport.close();
    gate.resolve();

    expect(await closing).toEqual(expect.arrayContaining([failing, retry]));
    expect(await transport.close()).toHaveLength(2);
  });

  it('returns every accepted job when no consumer was started', async () => {
    const transport = createMemoryTransport();
    const ready = [makeJob(), makeJob()];
    const delayed = makeJob();
    await transport.publish(ready);
    await transport.schedule(delayed, Date.now() + 60_000);

    expect(await transport.close()).toEqual([...ready, delayed]);
  });

  it('gives the same jobs to every caller, and refuses consume() afterwards', async () => {
    const transport = createMemoryTransport();
    await transport.publish([makeJob()]);

    const first = transport.close();
    expect(transport.close({ timeoutMs: 1 })).toBe(first);
    expect(await first).toHaveLength(1);
    await expect(transport.consume(async () => {})).rejects.toMatchObject({ code: 'closed' });
  });
});
