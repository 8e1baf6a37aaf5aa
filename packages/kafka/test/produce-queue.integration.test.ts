import { Kafka, logLevel, type Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureKafkaTopics } from '../src/ensure-kafka-topics.js';
import { ProduceQueue } from '../src/produce-queue.js';
import { shareBroker } from './support/broker-lock.js';
import { BROKERS, testKafka, uniqueGroup, uniquePrefix } from './support/broker.js';

let release: () => void;
let producer: Producer;
/** Produce requests the producer made: one per `send` or `sendBatch` call. */
let requests = 0;

/** A connected idempotent producer, as the transport makes it, whose requests add to `requests`. */
async function countedProducer(kafka = testKafka()): Promise<Producer> {
  const made = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
  await made.connect();
  for (const method of ['send', 'sendBatch'] as const) {
    const real = made[method].bind(made) as (...args: unknown[]) => Promise<unknown>;
    (made as unknown as Record<string, unknown>)[method] = (...args: unknown[]) => {
      requests++;
      return real(...args);
    };
  }
  return made;
}

beforeAll(async () => {
  release = await shareBroker();
  producer = await countedProducer();
});
afterAll(async () => {
  await producer.disconnect();
  release();
});

/** A one-partition deliveries topic of its own (so read order is write order), with topic `config`. */
async function topic(config: Record<string, string> = {}): Promise<string> {
  const prefix = uniquePrefix('produce');
  await ensureKafkaTopics({ kafka: testKafka('webhooks-test-admin'), prefix, partitions: 1, configEntries: config });
  return `${prefix}.deliveries`;
}

/** Every value on `topic`, in order, once `count` are there. */
async function read(topic: string, count: number): Promise<string[]> {
  const consumer = testKafka().consumer({ groupId: uniqueGroup('produce-read') });
  const values: string[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`read ${values.length} of ${count} messages`)), 20_000);
      void consumer.run({
        eachMessage: async ({ message }) => {
          values.push(message.value!.toString());
          if (values.length >= count) {
            clearTimeout(timer);
            resolve();
          }
        },
      });
    });
  } finally {
    await consumer.disconnect();
  }
  return values;
}

const message = (value: string) => ({ key: `k-${value.slice(0, 8)}`, value, headers: {} });

describe('publishes at the same time share produce requests', { timeout: 60_000 }, () => {
  it('sends 300 concurrent single-message publishes in a few requests, each settled after its request, in order', async () => {
    const name = await topic();
    const queue = new ProduceQueue(producer, BROKERS);
    const before = requests;
    const values = Array.from({ length: 300 }, (_, i) => `m${String(i).padStart(3, '0')}`);
    // One request per publish made 300 requests (kafkajs sends them one at a time behind the idempotent producer).
    await Promise.all(values.map((value) => queue.send(name, [message(value)])));

    expect(requests - before).toBeLessThanOrEqual(5);
    expect(await read(name, 300)).toEqual(values);
  });

  it('fails only the publish the broker refuses when a shared request is refused', async () => {
    // Records of up to 3000 bytes per batch: the ten small publishes together are refused, each alone is not.
    const name = await topic({ 'max.message.bytes': '3000' });
    const queue = new ProduceQueue(producer, BROKERS);
    const small = Array.from({ length: 10 }, (_, i) => `${String(i).padStart(2, '0')}${'s'.repeat(1000)}`);
    const outcomes = await Promise.allSettled([
      ...small.map((value) => queue.send(name, [message(value)])),
      queue.send(name, [message(`big${'b'.repeat(5000)}`)]),
    ]);

    expect(outcomes.slice(0, 10).every((o) => o.status === 'fulfilled')).toBe(true);
    expect(outcomes[10]).toMatchObject({ status: 'rejected', reason: { name: 'WebhookDeliveryError', message: expect.stringContaining(`publish to "${name}"`) } });
    expect((await read(name, 10)).sort()).toEqual(small);
  });

  it('fails every publish of a request at once when the failure is not about its messages', async () => {
    // A topic that does not exist: retried until the (short) budget is spent, then no caller alone would fare better.
    const impatient = await countedProducer(new Kafka({ clientId: 'webhooks-test', brokers: BROKERS.split(','), retry: { retries: 1, initialRetryTime: 100 }, logLevel: logLevel.NOTHING }));
    try {
      const queue = new ProduceQueue(impatient, BROKERS);
      const missing = `${uniquePrefix('produce')}.missing`;
      const before = requests;
      const outcomes = await Promise.allSettled(Array.from({ length: 5 }, (_, i) => queue.send(missing, [message(`m${i}`)])));

      expect(outcomes.every((o) => o.status === 'rejected' && (o.reason as Error).message.includes(`publish to "${missing}"`))).toBe(true);
      expect(requests - before).toBe(1); // one shared request, not one more per caller
    } finally {
      await impatient.disconnect();
    }
  });
});
