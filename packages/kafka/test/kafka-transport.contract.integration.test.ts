import { describeTransportContract } from '@webhooks/testing/contracts';
import { afterAll, beforeAll } from 'vitest';
import { createKafkaTransport } from '../src/kafka-transport.js';
import { shareBroker } from './support/broker-lock.js';
import { createTestTopics, testKafka, uniquePrefix } from './support/broker.js';

const prefix = uniquePrefix('contract');
const retryTiers = [1000, 5000];
let release: () => void;
beforeAll(async () => {
  release = await shareBroker();
  await createTestTopics(prefix, retryTiers);
});
afterAll(() => release());

describeTransportContract(
  'kafka',
  ({ name }) =>
    createKafkaTransport({
      kafka: testKafka(),
      prefix,
      retryTiers,
      groupId: name, // unique per transport; a successor joins its predecessor's group
      redeliveryDelayMs: 100,
      commitIntervalMs: 100,
      maxWaitTimeInMs: 200,
      onError: () => undefined,
    }),
  { deliveryTimeoutMs: 20_000, scheduleDelayMs: 1000, quietMs: 1000, closeTimeoutMs: 5000, testTimeoutMs: 60_000 },
);
