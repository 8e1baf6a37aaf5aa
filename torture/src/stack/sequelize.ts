// How the webhooks stack is wired onto a Sequelize application. This is the file to change
// when the library's recommended wiring changes; everything else in the harness stays.
import { createWebhooks } from '@webhooks/core';
import { attachWebhooks, createSequelizeDeliveryLog, defineWebhookModels } from '@webhooks/sequelize';
import { createUndiciSender } from '@webhooks/undici';
import type { Model, Sequelize, Transaction } from 'sequelize';
import { createTortureTransport } from './transport.js';
import { TORTURE_LEASES, tortureConfig } from './webhook-config.js';
import type { RunningStack, StackOptions } from './stack-options.js';

/** A running stack on Sequelize, with the adapter's manual dispatch for `item.flagged`. */
export interface SequelizeStack extends RunningStack {
  flag(item: Model, transaction: Transaction): Promise<unknown>;
}

/** Declares the webhook tables so the set-up's `sequelize.sync()` creates them with the application's. */
export function defineSequelizeWebhookTables(sequelize: Sequelize): void {
  defineWebhookModels(sequelize);
}

/**
 * Wires webhooks as the README says: memory or Kafka transport, undici sender, the adapter's
 * delivery log, and `attachWebhooks` (outbox, relay, and the take-over of deliveries a killed
 * process left), with short leases (see `TORTURE_LEASES`). Nothing is called after a restart.
 *
 * @example
 * const stack = await startSequelizeStack(sequelize, { transport: { kind: 'memory' }, endpointUrls });
 */
export async function startSequelizeStack(sequelize: Sequelize, options: StackOptions): Promise<SequelizeStack> {
  const { transport, inProcess } = await createTortureTransport(options.transport);
  const webhooks = createWebhooks(tortureConfig(options.endpointUrls, options.life), {
    transport,
    sender: createUndiciSender(),
    deliveryLog: createSequelizeDeliveryLog(sequelize),
    ...TORTURE_LEASES,
  });
  const integration = attachWebhooks(sequelize, webhooks, { appLabel: 'torture' });
  return {
    webhooks,
    inProcess,
    flag: (item, transaction) => integration.dispatchModelEvent('item.flagged', item, { transaction }),
    async close() {
      await integration.detach();
      await webhooks.close({ timeoutMs: 10_000 });
    },
  };
}
