import { createFetchSender, createWebhooks, type DeliveryJob, type WebhookEndpointOptions, type WebhookEvent } from '@webhooks/core';
import { DataTypes, type Model, type ModelStatic, type Sequelize } from 'sequelize';
import { attachWebhooks, createSequelizeOutbox, defineWebhookModels, type AttachWebhooksOptions } from '../src/index.js';
import type { TestDatabase } from './databases.js';

/** Models of a small shop, as an application would define them. */
export function defineShop(sequelize: Sequelize) {
  const Order = sequelize.define('Order', {
    id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
    reference: { type: DataTypes.STRING, allowNull: false, unique: true },
    total: { type: DataTypes.DECIMAL(10, 2), allowNull: false },
    status: { type: DataTypes.STRING, allowNull: false, defaultValue: 'PENDING' },
    meta: { type: DataTypes.JSON, allowNull: true },
    label: { type: DataTypes.VIRTUAL, get: () => 'virtual' },
  });
  const Customer = sequelize.define('Customer', {
    id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
    email: { type: DataTypes.STRING, allowNull: false },
    name: { type: DataTypes.STRING, allowNull: false },
  }, { paranoid: true });
  const LineItem = sequelize.define('LineItem', {
    id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
    sku: { type: DataTypes.STRING, allowNull: false },
  }, { tableName: 'order_lines' });
  const AuditEntry = sequelize.define('AuditEntry', { text: DataTypes.STRING });
  return { Order, Customer, LineItem, AuditEntry };
}

export type Shop = ReturnType<typeof defineShop>;

export const shopConfig = {
  asyncDelivery: false,
  endpoints: [
    { name: 'all', url: 'https://all.example.com/', secret: 'all-secret-1', includeModels: ['store.*', 'sales.*'] },
    { name: 'slim', url: 'https://slim.example.com/', secret: 'slim-secret-1', events: ['order.*'], includeModels: ['store.Order'], includeFields: { 'store.Order': ['id', 'total', 'status'] } },
    { name: 'private', url: 'https://private.example.com/', secret: 'private-secret-1', includeModels: ['store.Customer'], redactFields: { 'store.Customer': { email: '***@***.com' } } },
  ],
} as const;

/** A shop database wired to webhooks, and a way to read what reached the outbox. */
export async function openShop(db: TestDatabase, options: AttachWebhooksOptions = {}, endpoint?: WebhookEndpointOptions) {
  const sequelize = db.connect();
  const shop = defineShop(sequelize);
  defineWebhookModels(sequelize);
  await sequelize.sync(endpoint ? {} : { force: true });
  const webhooks = createWebhooks(endpoint ? { ...shopConfig, endpoints: [endpoint] } : shopConfig, { sender: createFetchSender() });
  const integration = attachWebhooks(sequelize, webhooks, {
    appLabel: 'store',
    models: { LineItem: 'sales.LineItem', AuditEntry: 'audit.AuditEntry' },
    relay: false,
    ...options,
  });
  const outbox = createSequelizeOutbox(sequelize);
  /** Jobs committed to the outbox since the last call, as `endpoint event` plus the parsed body. */
  const published = async () => {
    const jobs: DeliveryJob[] = [];
    while ((await outbox.relayBatch(500, async (batch) => void jobs.push(...batch))) > 0);
    return jobs.map((job) => ({ endpoint: job.endpoint, event: JSON.parse(job.body) as WebhookEvent, job }));
  };
  return {
    sequelize,
    ...shop,
    integration,
    published,
    close: async () => {
      await integration.detach();
      await sequelize.close();
    },
  };
}

export type OpenShop = Awaited<ReturnType<typeof openShop>>;
export type AnyModel = ModelStatic<Model>;
