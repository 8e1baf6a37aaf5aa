export { attachWebhooks, type AttachWebhooksOptions, type OutboxDispatchOptions, type SequelizeWebhooks } from './attach-webhooks.js';
export { createSequelizeDeliveryLog } from './sequelize-delivery-log.js';
export { createSequelizeOutbox } from './sequelize-outbox.js';
export { defineWebhookModels, type WebhookModels, type WebhookTableOptions } from './webhook-tables.js';
export { webhookTablesMigration } from './webhook-tables-migration.js';
export type { ModelNameOptions } from '@webhooks/core/adapter';
export { configureSqliteConcurrency, type SqliteConcurrencyOptions } from './configure-sqlite.js';
