import { createWebhooks, defineWebhooks, fromEnv, type Webhooks } from '@webhooks/core';
import { createMemoryTransport } from '@webhooks/memory';
import { attachWebhooks, createSequelizeDeliveryLog, defineWebhookModels } from '@webhooks/sequelize';
import { createUndiciSender } from '@webhooks/undici';
import { DataTypes, Sequelize } from 'sequelize';

/** Connects to DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/test), or a SQLite file. */
export function connect(databaseUrl = process.env.DATABASE_URL): Sequelize {
  return databaseUrl
    ? new Sequelize(databaseUrl, { logging: false })
    : new Sequelize({ dialect: 'sqlite', storage: process.env.SQLITE_FILE ?? 'example.sqlite', logging: false });
}

/** The application's model, defined as usual. */
export function defineOrder(sequelize: Sequelize) {
  return sequelize.define('Order', {
    reference: { type: DataTypes.STRING, allowNull: false },
    total: { type: DataTypes.DECIMAL(10, 2), allowNull: false },
    status: { type: DataTypes.STRING, allowNull: false, defaultValue: 'PENDING' },
    customerEmail: { type: DataTypes.STRING },
  });
}

/** Webhooks wired to the database: outbox and delivery log in it, memory transport, undici sender. */
export async function startWebhooks(sequelize: Sequelize, receiverUrl: string) {
  const Order = defineOrder(sequelize);
  defineWebhookModels(sequelize);
  await sequelize.sync();
  const config = defineWebhooks({
    // Development only: the receiver runs on this machine.
    allowPrivateNetwork: true,
    env: { RECEIVER_SECRET: process.env.RECEIVER_SECRET ?? 'example-secret' },
    endpoints: [
      {
        name: 'receiver',
        url: receiverUrl,
        secret: fromEnv('RECEIVER_SECRET'),
        includeModels: ['store.Order'],
        redactFields: { 'store.Order': { customerEmail: '***' } },
      },
    ],
  });
  const webhooks: Webhooks = createWebhooks(config, {
    transport: createMemoryTransport(),
    sender: createUndiciSender(),
    deliveryLog: createSequelizeDeliveryLog(sequelize),
  });
  const integration = attachWebhooks(sequelize, webhooks, { appLabel: 'store' });
  return {
    Order,
    webhooks,
    integration,
    async close() {
      await integration.detach();
      await webhooks.close();
    },
  };
}
