import type { DeliveryJob } from '@webhooks/core';
import { createDeferred, createManualClock, makeJob, type Deferred } from '@webhooks/testing';
import { describe, expect, it } from 'vitest';
import { createMemoryTransport } from './memory-transport.js';

describe('createMemoryTransport', () => {
  it('runs at most `concurrency` handlers at once', async () => {
    const clock = createManualClock();
    const transport = createMemoryTransport({ concurrency: 3, clock });
    const held: Deferred[] = [];
    let running = 0;
    let peak = 0;
    await transport.consume(async () => {
      peak = Math.max(peak, ++running);
      const gate = createDeferred();
      held.push(gate);
      await gate.promise;
      running--;
    });

    await transport.publish(Array.from({ length: 10 }, () => makeJob()));
    await clock.advance(0);
    expect([transport.inFlight, transport.size]).toEqual([3, 7]);
    for (let gate = held.shift(); gate; gate = held.shift()) {
      gate.resolve();
      await clock.advance(0);
    }

    expect(peak).toBe(3);
    expect([transport.inFlight, transport.size]).toEqual([0, 0]);
    await transport.close();
  });

  it('does not let a long line of jobs for one key hold up other keys', async () => {
    const clock = createManualClock();
    const transport = createMemoryTransport({ concurrency: 2, clock });
    const gate = createDeferred();
    const handled: string[] = [];
    await transport.consume(async (job) => {
      handled.push(job.key);
      if (job.key === 'hot') await gate.promise;
    });

    await transport.publish([...Array.from({ length: 1000 }, () => makeJob({ key: 'hot' })), makeJob({ key: 'cold' })]);
    await clock.advance(0);

    expect(handled).toEqual(['hot', 'cold']);
    expect(transport.size).toBe(999);
    gate.resolve();
    await transport.close();
    expect(handled).toHaveLength(1001);
  });

  it('hands a job back only after redeliveryDelayMs when its handler rejects', async () => {
    const clock = createManualClock();
    const transport = createMemoryTransport({ redeliveryDelayMs: 1000, clock });
    const calls: DeliveryJob[] = [];
    await transport.consume(async (job) => {
      calls.push(job);
      throw new Error('receiver down');
    });
    const job = makeJob();

    await transport.publish([job]);
    await clock.advance(0); // the first attempt fails now
    await clock.advance(999);
    expect([calls.length, transport.delayed]).toEqual([1, 1]);
    await clock.advance(1);
    expect(calls).toEqual([job, job]);
    await transport.close();
  });

  it('treats a handler that throws synchronously like one that rejects', async () => {
    const clock = createManualClock();
    const transport = createMemoryTransport({ redeliveryDelayMs: 10, clock });
    let calls = 0;
    await transport.consume((() => {
      calls++;
      throw new Error('sync');
    }) as never);

    await transport.publish([makeJob()]);
    await clock.advance(0);
    await clock.advance(10);
    expect(calls).toBe(2);
    expect(await transport.close()).toHaveLength(1);
  });

  it('hands jobs published before consume() once it starts', async () => {
    const clock = createManualClock();
    const transport = createMemoryTransport({ clock });
    const jobs = [makeJob(), makeJob()];
    await transport.publish(jobs);
    const handled: DeliveryJob[] = [];

    await transport.consume(async (job) => void handled.push(job));
    await clock.advance(0);

    expect(handled).toEqual(jobs);
    await transport.close();
  });

  it('keeps the jobs it accepted when the caller empties its array afterwards', async () => {
    const clock = createManualClock();
    const transport = createMemoryTransport({ clock, maxQueued: 2, publishTimeoutMs: 1000 });
    const first = [makeJob(), makeJob()];
    await transport.publish(first); // room at once
    const second = [makeJob()];
    const waiting = transport.publish(second); // waits for room
    first.length = 0;
    second.length = 0;
    const handled: DeliveryJob[] = [];

    await transport.consume(async (job) => void handled.push(job));
    await waiting;
    await clock.advance(0);

    expect(handled).toHaveLength(3);
    await transport.close();
  });

  it('refuses a second consumer', async () => {
    const transport = createMemoryTransport();
    await transport.consume(async () => {});
    await expect(transport.consume(async () => {})).rejects.toMatchObject({ code: 'invalid_argument' });
    await transport.close();
  });

  it('names every invalid option at creation', () => {
    expect(() => createMemoryTransport({ concurrency: 0, maxQueued: 1.5, redeliveryDelayMs: -1 })).toThrow(
      expect.objectContaining({
        code: 'invalid_config',
        issues: [
          { path: 'concurrency', message: 'must be a positive integer, got 0' },
          { path: 'maxQueued', message: 'must be a positive integer, got 1.5' },
          { path: 'redeliveryDelayMs', message: 'must be a number of milliseconds >= 0, got -1' },
        ],
      }),
    );
  });
});
