// The sending application: Sequelize on SQLite, outbox and delivery log in the same
// database, the memory transport and the undici sender.
import { createWebhooks, defineWebhooks, type EngineEvent } from '@webhooks/core';
import { createMemoryTransport } from '@webhooks/memory';
import { attachWebhooks, createSequelizeDeliveryLog, defineWebhookModels } from '@webhooks/sequelize';
import { createUndiciSender } from '@webhooks/undici';
import { DataTypes, Sequelize } from 'sequelize';
import { RECEIVER_SECRETS } from './receiver.js';

export async function startSender(storage: string, url: (route: string) => string, onEvent: (e: EngineEvent) => void) {
  const sequelize = new Sequelize({ dialect: 'sqlite', storage, logging: false });
  const Order = sequelize.define('Order', {
    reference: { type: DataTypes.STRING, allowNull: false },
    total: { type: DataTypes.STRING, allowNull: false },
    status: { type: DataTypes.STRING, allowNull: false, defaultValue: 'PENDING' },
  });
  const Customer = sequelize.define('Customer', {
    name: { type: DataTypes.STRING, allowNull: false },
    email: { type: DataTypes.STRING, allowNull: false },
  });
  defineWebhookModels(sequelize);
  await sequelize.sync();

  const config = defineWebhooks({
    allowPrivateNetwork: true, // the receiver is on loopback; production keeps the default (refuse)
    retry: { initialDelayMs: 500, jitter: 0.2 },
    endpoints: [
      { name: 'all', url: url('all'), secret: RECEIVER_SECRETS.all, includeModels: ['store.*'] },
      { name: 'slim', url: url('slim'), secret: RECEIVER_SECRETS.slim, events: ['order.*'], includeModels: ['store.Order'], includeFields: { 'store.Order': ['id', 'status', 'total'] } },
      { name: 'private', url: url('private'), secret: RECEIVER_SECRETS.private, includeModels: ['store.Customer'], redactFields: { 'store.Customer': { email: '***@***' } } },
      { name: 'flaky', url: url('flaky'), secret: RECEIVER_SECRETS.flaky, events: ['order.paid'] },
      { name: 'wrong', url: url('wrong'), secret: 'a-secret-the-receiver-does-not-know', events: ['order.paid'] },
    ],
  });
  const webhooks = createWebhooks(config, {
    transport: createMemoryTransport({ concurrency: 4 }),
    sender: createUndiciSender(),
    deliveryLog: createSequelizeDeliveryLog(sequelize),
    onEvent,
  });
  const integration = attachWebhooks(sequelize, webhooks, { appLabel: 'store', relay: { pollIntervalMs: 200 } });
  return {
    sequelize,
    Order,
    Customer,
    webhooks,
    integration,
    async close() {
      await integration.detach();
      await webhooks.close();
      await sequelize.close();
    },
  };
}
