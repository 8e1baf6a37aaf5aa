// A delivery worker in its own process: `createWebhooks(...).start()` on the Kafka
// transport, as a deployment would run it. Spawned by the end-to-end tests.
import { createFetchSender, createWebhooks } from '@webhooks/core';
import { createSequelizeDeliveryLog, defineWebhookModels } from '@webhooks/sequelize';
import { Sequelize } from 'sequelize';
import { createKafkaTransport } from '../../src/kafka-transport.js';
import { testKafka } from './broker.js';
import { loopbackConfig } from './webhook-config.js';

const { PREFIX, GROUP_ID, RECEIVER_URL, WORKER_NAME, RETRY_TIERS, COMMIT_INTERVAL_MS, LOG_DATABASE } = process.env;
// With LOG_DATABASE, the workers share a delivery log in that Postgres database.
const sequelize = LOG_DATABASE
  ? new Sequelize({ dialect: 'postgres', host: '127.0.0.1', port: 5432, username: 'postgres', database: LOG_DATABASE, logging: false })
  : undefined;
if (sequelize) defineWebhookModels(sequelize);
const transport = createKafkaTransport({
  kafka: testKafka(WORKER_NAME),
  prefix: PREFIX!,
  groupId: GROUP_ID!,
  retryTiers: RETRY_TIERS ? RETRY_TIERS.split(',').map(Number) : undefined,
  concurrency: 8,
  commitIntervalMs: Number(COMMIT_INTERVAL_MS ?? 200),
  sessionTimeout: 6000,
  onError: (error) => process.stderr.write(`[${WORKER_NAME}] ${(error as Error).message}\n`),
});
const webhooks = createWebhooks(loopbackConfig(RECEIVER_URL!, {}, { 'x-worker': WORKER_NAME! }), {
  sender: createFetchSender(),
  transport,
  ...(sequelize ? { deliveryLog: createSequelizeDeliveryLog(sequelize) } : {}),
});
await webhooks.start();
process.send?.('ready');
process.on('SIGTERM', () => {
  void webhooks.close({ timeoutMs: 5000 }).finally(() => process.exit(0));
});
