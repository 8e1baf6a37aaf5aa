import type { DeliveryLog } from '@webhooks/core';
import { createSqlDeliveryLog } from '@webhooks/core/sql';
import type { Sequelize } from 'sequelize';
import { sequelizeExecutor } from './sequelize-executor.js';
import { defineWebhookModels, type WebhookTableOptions } from './webhook-tables.js';

/**
 * A `DeliveryLog` in `webhook_deliveries`, `webhook_attempts` and `webhook_endpoints`:
 * attempts, errors and dead deliveries survive restarts and can be queried and replayed;
 * live deliveries are leased, so those of a process that dies are taken over by another
 * (or by itself once restarted); endpoint health is shared by every process.
 *
 * @example
 * const deliveryLog = createSequelizeDeliveryLog(sequelize);
 * const webhooks = createWebhooks(config, { sender, transport, deliveryLog });
 */
export function createSequelizeDeliveryLog(sequelize: Sequelize, options: WebhookTableOptions = {}): DeliveryLog {
  defineWebhookModels(sequelize, options);
  return createSqlDeliveryLog(sequelizeExecutor(sequelize, options));
}
