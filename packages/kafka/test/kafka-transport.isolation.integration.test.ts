import { makeJob, waitFor } from '@webhooks/testing';
import type { DeliveryJob } from '@webhooks/core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createKafkaTransport, type KafkaTransport } from '../src/kafka-transport.js';
import type { KafkaTransportOptions } from '../src/kafka-transport-options.js';
import { shareBroker } from './support/broker-lock.js';
import { createTestTopics, testKafka, uniqueGroup, uniquePrefix } from './support/broker.js';

let release: () => void;
beforeAll(async () => {
  release = await shareBroker();
});
afterAll(() => release());

/**
 * A worker whose handler holds the jobs of endpoint `hang` until the test ends (as a receiver that
 * never answers would, up to the attempt timeout) and finishes the others at once.
 */
async function worker(options: Partial<KafkaTransportOptions> = {}) {
  // Topics of its own: a new group reads from the beginning, and must not see another test's jobs.
  const prefix = uniquePrefix('isolation');
  await createTestTopics(prefix);
  const transport = createKafkaTransport({ kafka: testKafka(), prefix, groupId: uniqueGroup('isolation'), commitIntervalMs: 100, maxWaitTimeInMs: 200, onError: () => undefined, ...options });
  const held: DeliveryJob[] = [];
  const done: DeliveryJob[] = [];
  let free = () => {};
  const freed = new Promise<void>((resolve) => (free = resolve));
  await transport.consume(async (job) => {
    if (job.endpoint !== 'hang') return void done.push(job);
    held.push(job);
    await freed;
  });
  return { transport, held, done, free };
}

describe('kafka transport: a hanging endpoint holds only its share of the slots', { timeout: 60_000 }, () => {
  const open: { transport: KafkaTransport; free: () => void }[] = [];
  afterEach(async () => {
    for (const { transport, free } of open.splice(0)) {
      free();
      await transport.close({ timeoutMs: 5000 });
    }
  });
  const jobsOf = (endpoint: string, count: number) =>
    Array.from({ length: count }, (_, i) => makeJob({ endpoint, key: `${endpoint}:store.Order:${i}` }));

  it('runs a healthy endpoint\'s jobs while a hanging one holds every slot it may have', async () => {
    // Before endpointConcurrency, the hanging endpoint's first four jobs took all four slots and nothing else ran.
    const w = await worker({ concurrency: 4, endpointConcurrency: 2 });
    open.push(w);
    await w.transport.publish(jobsOf('hang', 10));
    await waitFor(() => w.held.length === 2, { timeoutMs: 20_000, what: 'two held jobs' });
    const healthy = jobsOf('ok', 5);
    await w.transport.publish(healthy);

    await waitFor(() => w.done.length === 5, { timeoutMs: 20_000, what: 'the healthy endpoint\'s jobs' });
    expect(w.done.map((job) => job.deliveryId).sort()).toEqual(healthy.map((job) => job.deliveryId).sort());
    expect(w.held).toHaveLength(2);
    expect(w.transport.inFlight).toBe(2);
  });

  it('by default runs 32 jobs of one endpoint at once, the rest of it waiting in the buffer without a slot', async () => {
    const w = await worker();
    open.push(w);
    await w.transport.publish(jobsOf('hang', 40));
    await waitFor(() => w.held.length === 32 && w.transport.buffered === 40, { timeoutMs: 20_000, what: '32 held jobs and 8 waiting' });
    await w.transport.publish(jobsOf('ok', 1));

    await waitFor(() => w.done.length === 1, { timeoutMs: 20_000, what: 'the healthy job' });
    expect(w.held).toHaveLength(32);
    expect(w.transport.inFlight).toBe(32);
  });
});
