import { makeJob, waitFor } from '@webhooks/testing';
import type { DeliveryJob } from '@webhooks/core';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createKafkaTransport, type KafkaTransport } from '../src/kafka-transport.js';
import type { KafkaTransportOptions } from '../src/kafka-transport-options.js';
import { ensureKafkaTopics } from '../src/ensure-kafka-topics.js';
import { shareBroker } from './support/broker-lock.js';
import { createTestTopics, testKafka, uniqueGroup, uniquePrefix } from './support/broker.js';

const prefix = uniquePrefix('offsets');
const retryTiers = [1000];
let release: () => void;
beforeAll(async () => {
  release = await shareBroker();
  await createTestTopics(prefix, retryTiers);
});
afterAll(() => release());

describe('kafka transport offsets, topics and errors', { timeout: 60_000 }, () => {
  const open: KafkaTransport[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((t) => t.close({ timeoutMs: 2000 })));
  });
  const transport = (options: Partial<KafkaTransportOptions> = {}) => {
    const t = createKafkaTransport({ kafka: testKafka(), prefix, retryTiers, commitIntervalMs: 100, maxWaitTimeInMs: 200, redeliveryDelayMs: 100, onError: () => undefined, ...options });
    open.push(t);
    return t;
  };
  const tag = () => `dlv_${crypto.randomUUID()}_`;

  it('commits what was handled, so the next worker of the group starts after it', async () => {
    const groupId = uniqueGroup('offsets');
    const run = tag();
    const jobs = Array.from({ length: 20 }, (_, i) => makeJob({ deliveryId: `${run}${i}` }));
    const first: string[] = [];
    const a = transport({ groupId });
    await a.consume(async (job) => void first.push(job.deliveryId));
    await a.publish(jobs);
    await waitFor(() => first.filter((id) => id.startsWith(run)).length === 20, { timeoutMs: 20_000, what: 'first worker' });
    expect(await a.close()).toEqual([]);

    const second: string[] = [];
    const b = transport({ groupId });
    await b.consume(async (job) => void second.push(job.deliveryId));
    const later = makeJob({ deliveryId: `${run}later` });
    await b.publish([later]);
    await waitFor(() => second.includes(later.deliveryId), { timeoutMs: 20_000, what: 'the later job' });
    expect(second.filter((id) => id.startsWith(run))).toEqual([later.deliveryId]);
  });

  it('does not commit a job whose handler keeps rejecting: after close, the next worker gets it', async () => {
    const groupId = uniqueGroup('rejects');
    const job = makeJob({ deliveryId: `${tag()}stuck` });
    let rejected = 0;
    const a = transport({ groupId });
    await a.consume(async (j) => {
      if (j.deliveryId === job.deliveryId) {
        rejected++;
        throw new Error('delivery log down');
      }
    });
    await a.publish([job]);
    await waitFor(() => rejected >= 2, { timeoutMs: 20_000, what: 'rejections' });
    await a.close();

    const handled: DeliveryJob[] = [];
    const b = transport({ groupId });
    await b.consume(async (j) => void handled.push(j));
    await waitFor(() => handled.some((j) => j.deliveryId === job.deliveryId), { timeoutMs: 20_000, what: 'the job at the next worker' });
  });

  it('rejects with not_found naming the topics when they were not created', async () => {
    const t = transport({ prefix: uniquePrefix('missing') });

    await expect(t.publish([makeJob()])).rejects.toMatchObject({ name: 'WebhookDeliveryError', code: 'not_found', message: expect.stringContaining('.deliveries"') });
    await expect(t.consume(async () => undefined)).rejects.toMatchObject({ code: 'not_found' });
  });

  it('rejects with network_error naming the brokers when none answers', async () => {
    const kafka = new Kafka({ brokers: ['127.0.0.1:1'], retry: { retries: 1, initialRetryTime: 50 }, logLevel: logLevel.NOTHING, connectionTimeout: 500 });
    const t = transport({ kafka, brokers: '127.0.0.1:1' });

    await expect(t.publish([makeJob()])).rejects.toMatchObject({ code: 'network_error', message: expect.stringContaining('127.0.0.1:1') });
  });

  it('ensureKafkaTopics creates only the topics that are missing', async () => {
    const fresh = uniquePrefix('ensure');
    const kafka = testKafka();
    const created = await ensureKafkaTopics({ kafka, prefix: fresh, partitions: 2, retryTiers: [5000] });
    expect(created).toEqual([`${fresh}.deliveries`, `${fresh}.retry.5s`, `${fresh}.dead`]);
    await expect(ensureKafkaTopics({ kafka, prefix: fresh, retryTiers: [5000, 60_000] })).resolves.toEqual([`${fresh}.retry.1m`]);
  });
});
