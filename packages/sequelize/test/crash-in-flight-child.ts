// Child process for the in-flight crash test: commits an order, and its delivery is sent to a
// receiver that never answers; the parent kills this process with SIGKILL while the delivery is
// in its memory (the attempt in flight, the delivery pending in the log under this process's lease).
import { createWebhooks } from '@webhooks/core';
import { createMemoryTransport } from '@webhooks/memory';
import { createUndiciSender } from '@webhooks/undici';
import { Sequelize } from 'sequelize';
import { attachWebhooks, createSequelizeDeliveryLog, defineWebhookModels } from '../src/index.js';
import { defineShop } from './scenario.js';

const [options, url] = [JSON.parse(process.argv[2]!), process.argv[3]!];
const sequelize = new Sequelize(options);
const { Order } = defineShop(sequelize);
defineWebhookModels(sequelize);
const webhooks = createWebhooks(
  { allowPrivateNetwork: true, timeoutMs: 60_000, endpoints: [{ name: 'receiver', url, secret: 'crash-secret', includeModels: ['store.Order'] }] },
  { transport: createMemoryTransport(), sender: createUndiciSender(), deliveryLog: createSequelizeDeliveryLog(sequelize), leaseMs: 1000 },
);
attachWebhooks(sequelize, webhooks, { appLabel: 'store', relay: { pollIntervalMs: 50 } });
await sequelize.transaction((transaction) => Order.create({ reference: 'ORD-IN-FLIGHT', total: 5 }, { transaction }));
process.stdout.write('committed\n');
setInterval(() => {}, 60_000);
