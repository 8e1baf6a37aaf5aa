import type { MikroORM } from '@mikro-orm/core';
import type { DeliveryLog } from '@webhooks/core';
import { createSqlDeliveryLog } from '@webhooks/core/sql';
import { mikroOrmExecutor } from './mikro-orm-executor.js';

/**
 * A `DeliveryLog` over `webhook_deliveries`, `webhook_attempts` and `webhook_endpoints`
 * (the tables `@webhooks/sequelize` uses too): attempts and dead deliveries survive
 * restarts; live deliveries are leased, so those of a process that dies are taken over by
 * another (or by itself once restarted); endpoint health is shared by every process.
 *
 * @example
 * const webhooks = createWebhooks(config, { sender, transport, deliveryLog: createMikroOrmDeliveryLog(orm) });
 */
export function createMikroOrmDeliveryLog(orm: MikroORM): DeliveryLog {
  return createSqlDeliveryLog(mikroOrmExecutor(orm));
}
