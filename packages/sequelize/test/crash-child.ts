// Child process for the crash-after-commit test: commits an order, then dies by
// SIGKILL before any relay can publish it.
import { createFetchSender, createWebhooks } from '@webhooks/core';
import { Sequelize } from 'sequelize';
import { attachWebhooks, defineWebhookModels } from '../src/index.js';
import { defineShop } from './scenario.js';

const [options, url] = [JSON.parse(process.argv[2]!), process.argv[3]!];
const sequelize = new Sequelize(options);
const { Order } = defineShop(sequelize);
defineWebhookModels(sequelize);
const webhooks = createWebhooks(
  { asyncDelivery: false, allowPrivateNetwork: true, endpoints: [{ name: 'receiver', url, secret: 'crash-secret', includeModels: ['store.Order'] }] },
  { sender: createFetchSender() },
);
// A relay would run in this process too; a long poll interval means it cannot publish before the kill.
attachWebhooks(sequelize, webhooks, { appLabel: 'store', relay: { pollIntervalMs: 60_000 } });
await sequelize.transaction(async (transaction) => {
  // Take the relay's first pass (at start) out of the picture before writing.
  await new Promise((resolve) => setTimeout(resolve, 200));
  await Order.create({ reference: 'ORD-CRASH', total: 5 }, { transaction });
});
process.stdout.write('committed\n');
process.kill(process.pid, 'SIGKILL');
