import type { DeliveryJob } from '@webhooks/core';
import { createDeferred, createManualClock, makeJob, type Deferred } from '@webhooks/testing';
import { describe, expect, it } from 'vitest';
import { createMemoryTransport } from './memory-transport.js';

const jobs = (count: number) => Array.from({ length: count }, () => makeJob());

describe('memory transport back-pressure', () => {
  it('makes publish wait until the whole batch fits, then accepts it at once', async () => {
    const clock = createManualClock();
    const transport = createMemoryTransport({ maxQueued: 3, concurrency: 1, clock });
    await transport.publish(jobs(3));
    let accepted = false;
    const waiting = transport.publish(jobs(2)).then(() => (accepted = true));
    const held: Deferred[] = [];
    await transport.consume(() => {
      held.push(createDeferred());
      return held.at(-1)!.promise;
    });
    await clock.advance(0);

    // One job went to the handler: room for one, not two, so none of the batch is in.
    expect([accepted, transport.size]).toEqual([false, 2]);
    held[0]!.resolve();
    await waiting;
    expect(transport.size).toBe(3);
    const closing = transport.close({ timeoutMs: 0 });
    held[1]!.resolve();
    expect(await closing).toHaveLength(3);
  });

  it('rejects with queue_full after publishTimeoutMs and keeps none of the batch', async () => {
    const clock = createManualClock();
    const transport = createMemoryTransport({ maxQueued: 3, publishTimeoutMs: 1000, clock });
    await transport.publish(jobs(2));
    const batch = jobs(2);
    const publishing = transport.publish(batch);
    const outcome = publishing.catch((error: unknown) => error);

    await clock.advance(1000);

    expect(await outcome).toMatchObject({ name: 'WebhookDeliveryError', code: 'queue_full' });
    const left = await transport.close();
    expect(left).toHaveLength(2);
    expect(left).not.toContain(batch[0]);
  });

  it('rejects at once when full and publishTimeoutMs is 0', async () => {
    const transport = createMemoryTransport({ maxQueued: 1, publishTimeoutMs: 0 });
    await transport.publish(jobs(1));
    await expect(transport.publish(jobs(1))).rejects.toMatchObject({ code: 'queue_full' });
    await expect(transport.schedule(makeJob(), Date.now() + 1000)).rejects.toMatchObject({ code: 'queue_full' });
    await transport.close();
  });

  it('rejects at once a batch larger than maxQueued, which could never fit', async () => {
    const transport = createMemoryTransport({ maxQueued: 5 });
    await expect(transport.publish(jobs(6))).rejects.toMatchObject({ code: 'queue_full' });
    expect(transport.size).toBe(0);
    await transport.close();
  });

  it('admits waiting publishers first come, first served', async () => {
    const clock = createManualClock();
    const transport = createMemoryTransport({ maxQueued: 4, concurrency: 1, clock });
    await transport.publish(jobs(4));
    const order: string[] = [];
    const big = transport.publish(jobs(3)).then(() => order.push('big'));
    const small = transport.publish(jobs(1)).then(() => order.push('small'));
    const handled: DeliveryJob[] = [];
    await transport.consume(async (job) => void handled.push(job));

    await Promise.all([big, small]);
    expect(order).toEqual(['big', 'small']);
    await transport.close();
    expect(handled).toHaveLength(8);
  });

  it('counts delayed jobs against maxQueued', async () => {
    const transport = createMemoryTransport({ maxQueued: 2, publishTimeoutMs: 0 });
    await transport.schedule(makeJob(), Date.now() + 60_000);
    await transport.publish(jobs(1));
    await expect(transport.publish(jobs(1))).rejects.toMatchObject({ code: 'queue_full' });
    expect(await transport.close()).toHaveLength(2);
  });

  it('accepts a retry scheduled by a handler in flight even when the queue is full', async () => {
    const clock = createManualClock();
    const transport = createMemoryTransport({ maxQueued: 1, concurrency: 1, publishTimeoutMs: 0, clock });
    const [first, second] = jobs(2);
    const gate = createDeferred();
    let retry: Promise<void> | undefined;
    await transport.consume(async (job) => {
      if (job !== first) return;
      await gate.promise;
      retry = transport.schedule({ ...job, attempt: 2 }, clock.now() + 5000);
      await retry;
    });
    await transport.publish([first!]);
    await clock.advance(0);
    await transport.publish([second!]); // the queue is full now

    gate.resolve();
    await clock.advance(0);

    await expect(retry).resolves.toBeUndefined();
    expect(transport.delayed).toBe(1);
    await transport.close();
  });

  it('rejects waiting publishes with closed when the transport closes', async () => {
    const transport = createMemoryTransport({ maxQueued: 1 });
    await transport.publish(jobs(1));
    const waiting = transport.publish(jobs(1));

    const left = await transport.close();
    await expect(waiting).rejects.toMatchObject({ code: 'closed' });
    expect(left).toHaveLength(1);
  });
});
