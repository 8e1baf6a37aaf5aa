import { createWebhooks } from '@webhooks/core';
import { createMemoryTransport } from '@webhooks/memory';
import { afterEach, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from './databases.js';
import { defineShop, shopConfig } from './scenario.js';
import { attachWebhooks, defineWebhookModels } from '../src/index.js';

let db: TestDatabase;
afterEach(() => db?.drop());

it('publishes committed rows to the transport and purges them once past retention', async () => {
  db = await createTestDatabase('sqlite');
  const sequelize = db.connect();
  const { Order } = defineShop(sequelize);
  const { Outbox } = defineWebhookModels(sequelize);
  await sequelize.sync();
  const transport = createMemoryTransport();
  // Publish-only: jobs stay queued in the transport, which is all this test looks at.
  const webhooks = createWebhooks({ ...shopConfig, asyncDelivery: true }, { transport, worker: false });
  const integration = attachWebhooks(sequelize, webhooks, {
    appLabel: 'store',
    relay: { pollIntervalMs: 20, retentionMs: 50, purgeIntervalMs: 0 },
  });
  await sequelize.transaction((transaction) => Order.create({ reference: 'ORD-R', total: 1 }, { transaction }));
  const deadline = Date.now() + 5000;
  while ((transport.size < 2 || (await Outbox.count()) > 0) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  expect(transport.size).toBe(2); // order.created for the "all" and "slim" endpoints
  expect(await Outbox.count()).toBe(0);
  await integration.detach();
  expect(await transport.close({ timeoutMs: 0 })).toHaveLength(2);
  await sequelize.close();
});
