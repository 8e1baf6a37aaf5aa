// The application side of the delivery tests: a process that delivers (worker on), over the same
// tables the CLI reads, built from the same configuration as the fixtures' config files.
import { MikroORM } from '@mikro-orm/core';
import { createWebhooks, type Webhooks } from '@webhooks/core';
import { createMemoryTransport } from '@webhooks/memory';
import { createMikroOrmDeliveryLog } from '@webhooks/mikro-orm';
import { createSequelizeDeliveryLog, defineWebhookModels } from '@webhooks/sequelize';
import { createUndiciSender } from '@webhooks/undici';
import { Sequelize } from 'sequelize';
import { appConfig } from '../fixtures/app-config.js';
import { mikroOrmOptions } from '../fixtures/mikro-orm-options.js';

export type Orm = 'sequelize' | 'mikro-orm';

export interface DeliveringApp {
  webhooks: Webhooks;
  close(): Promise<void>;
}

/** Creates the webhook tables with `orm`, and a delivering instance over them that sweeps every 200 ms. */
export async function startDeliveringApp(orm: Orm, env: Record<string, string>): Promise<DeliveringApp> {
  const options = { transport: createMemoryTransport(), sender: createUndiciSender(), sweepIntervalMs: 200 };
  if (orm === 'sequelize') {
    const sequelize = new Sequelize(env.DATABASE_URL!, { logging: false });
    defineWebhookModels(sequelize);
    await sequelize.sync();
    const webhooks = createWebhooks(appConfig(env), { ...options, deliveryLog: createSequelizeDeliveryLog(sequelize) });
    await webhooks.start();
    return { webhooks, close: async () => (await webhooks.close(), await sequelize.close()) };
  }
  const mikroOrm = await MikroORM.init(await mikroOrmOptions(env.DATABASE_URL!));
  await mikroOrm.schema.createSchema();
  const webhooks = createWebhooks(appConfig(env), { ...options, deliveryLog: createMikroOrmDeliveryLog(mikroOrm) });
  await webhooks.start();
  return { webhooks, close: async () => (await webhooks.close(), await mikroOrm.close()) };
}
