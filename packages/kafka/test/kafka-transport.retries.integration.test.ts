import { createFetchSender, createMemoryDeliveryLog, createWebhooks, type DeliveryRecord } from '@webhooks/core';
import { sleep, startTestReceiver, waitFor, type ReceivedRequest } from '@webhooks/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createKafkaTransport } from '../src/kafka-transport.js';
import { replayDeadLetters } from '../src/replay-dead-letters.js';
import { shareBroker } from './support/broker-lock.js';
import { createTestTopics, testKafka, uniqueGroup, uniquePrefix } from './support/broker.js';
import { loopbackConfig } from './support/webhook-config.js';
import { withDeadLetterTopic } from '../src/with-dead-letter-topic.js';

const retryTiers = [1000, 5000];
const objectOf = (r: ReceivedRequest) => (JSON.parse(r.body) as { object: { id: string } }).object.id;
const attemptOf = (r: ReceivedRequest) => Number(r.headers['x-webhook-attempt']);

let release: () => void;
beforeAll(async () => {
  release = await shareBroker();
});
afterAll(() => release());

describe('kafka transport retries and dead letters', { timeout: 60_000 }, () => {
  const cleanup: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step().catch(() => undefined);
  });

  async function setup(reply: (request: ReceivedRequest, seenForObject: number) => number) {
    const prefix = uniquePrefix('retries');
    await createTestTopics(prefix, retryTiers);
    const seen = new Map<string, number>();
    const receiver = await startTestReceiver((request) => {
      const object = objectOf(request);
      seen.set(object, (seen.get(object) ?? 0) + 1);
      return { status: reply(request, seen.get(object)!) };
    });
    cleanup.push(() => receiver.close());
    const transport = createKafkaTransport({
      kafka: testKafka(),
      prefix,
      retryTiers,
      groupId: uniqueGroup('retries'),
      commitIntervalMs: 100,
      maxWaitTimeInMs: 200,
      onError: () => undefined,
    });
    const log = withDeadLetterTopic(createMemoryDeliveryLog(), transport);
    const config = loopbackConfig(receiver.url(), { maxRetries: 2, retry: { initialDelayMs: 400, factor: 1, jitter: 0 } });
    const webhooks = createWebhooks(config, { sender: createFetchSender(), transport, deliveryLog: log });
    cleanup.push(() => webhooks.close());
    await webhooks.start();
    return { prefix, receiver, transport, webhooks };
  }

  it('delivers on the third attempt through the retry topic after two 503s, without holding up other objects', async () => {
    const { prefix, receiver, webhooks } = await setup((request, n) => (objectOf(request) === 'flaky' && n <= 2 ? 503 : 200));

    const flaky = await webhooks.dispatch({ event: 'order.paid', model: 'store.Order', object: { id: 'flaky', seq: 0 } });
    for (let i = 0; i < 5; i++) await webhooks.dispatch({ event: 'order.paid', model: 'store.Order', object: { id: `ok${i}`, seq: 0 } });
    await waitFor(() => receiver.requests.filter((r) => objectOf(r) === 'flaky').length === 3, { timeoutMs: 20_000, what: 'three attempts' });

    const flakyRequests = receiver.requests.filter((r) => objectOf(r) === 'flaky');
    expect(flakyRequests.map(attemptOf)).toEqual([1, 2, 3]);
    expect(flakyRequests[1]!.at - flakyRequests[0]!.at).toBeGreaterThanOrEqual(400);
    const others = receiver.requests.filter((r) => objectOf(r) !== 'flaky');
    expect(others).toHaveLength(5);
    expect(Math.max(...others.map((r) => r.at))).toBeLessThan(flakyRequests[1]!.at);
    const record = await stateReached(() => webhooks.deliveryLog.get(flaky.deliveries[0]!.deliveryId), 'succeeded');
    expect(record.attempts.map((a) => a.status)).toEqual([503, 503, 200]);
    expect(await retryTopicMessages(prefix)).toBe(2);
  });

  it('declares a delivery dead after maxRetries, writes it to the dead-letter topic, and replays it from there', async () => {
    let healed = false;
    const { prefix, receiver, transport, webhooks } = await setup((request) => (objectOf(request) === 'broken' && !healed ? 500 : 200));

    const broken = await webhooks.dispatch({ event: 'order.paid', model: 'store.Order', object: { id: 'broken', seq: 0 } });
    const deliveryId = broken.deliveries[0]!.deliveryId;
    await waitFor(() => receiver.requests.length === 3, { timeoutMs: 20_000, what: 'three failed attempts' });
    const record = await stateReached(() => webhooks.deliveryLog.get(deliveryId), 'dead');
    expect(record.reason).toBe('gave up after 3 attempts; last: HTTP 500');

    healed = true;
    const letters: string[] = [];
    const result = await replayDeadLetters({
      kafka: testKafka(),
      prefix,
      replay: async (letter) => {
        letters.push(`${letter.job.deliveryId}:${letter.reason}`);
        await transport.publish([{ ...letter.job, attempt: 1 }]);
      },
    });
    expect(result).toEqual({ replayed: 1, skipped: 0 });
    expect(letters).toEqual([`${deliveryId}:gave up after 3 attempts; last: HTTP 500`]);
    await waitFor(() => receiver.requests.length === 4, { timeoutMs: 10_000, what: 'the replayed delivery' });
    expect(receiver.requests.map(attemptOf)).toEqual([1, 2, 3, 1]);
    await expect(replayDeadLetters({ kafka: testKafka(), prefix, replay: async () => undefined })).resolves.toEqual({ replayed: 0, skipped: 0 });
  });
});

/** Polls the delivery log until the record reaches `state`. */
async function stateReached(get: () => Promise<DeliveryRecord | undefined>, state: string): Promise<DeliveryRecord> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const record = await get();
    if (record?.state === state) return record;
    if (Date.now() > deadline) throw new Error(`delivery is ${record?.state}, expected ${state}`);
    await sleep(50);
  }
}

/** Messages written to every retry topic of a prefix. */
async function retryTopicMessages(prefix: string): Promise<number> {
  const admin = testKafka().admin();
  await admin.connect();
  try {
    let total = 0;
    for (const tier of ['1s', '5s']) {
      for (const { high, low } of await admin.fetchTopicOffsets(`${prefix}.retry.${tier}`)) total += Number(high) - Number(low);
    }
    return total;
  } finally {
    await admin.disconnect();
  }
}
