// A delivery worker in its own process: `createWebhooks(...).start()` on the Kafka
// transport, as a deployment would run it. Spawned by the end-to-end tests.
import { createFetchSender, createWebhooks } from '@webhooks/core';
import { createKafkaTransport } from '../kafka-transport.js';
import { testKafka } from './broker.js';
import { loopbackConfig } from './webhook-config.js';

const { PREFIX, GROUP_ID, RECEIVER_URL, WORKER_NAME, RETRY_TIERS } = process.env;
const transport = createKafkaTransport({
  kafka: testKafka(WORKER_NAME),
  prefix: PREFIX!,
  groupId: GROUP_ID!,
  retryTiers: RETRY_TIERS ? RETRY_TIERS.split(',').map(Number) : undefined,
  concurrency: 8,
  commitIntervalMs: 200,
  sessionTimeout: 6000,
  onError: (error) => process.stderr.write(`[${WORKER_NAME}] ${(error as Error).message}\n`),
});
const webhooks = createWebhooks(loopbackConfig(RECEIVER_URL!, {}, { 'x-worker': WORKER_NAME! }), {
  sender: createFetchSender(),
  transport,
});
await webhooks.start();
process.send?.('ready');
process.on('SIGTERM', () => {
  void webhooks.close({ timeoutMs: 5000 }).finally(() => process.exit(0));
});
