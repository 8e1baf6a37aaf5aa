import { BetterSqliteDriver } from '@mikro-orm/better-sqlite';
import { EntitySchema, MikroORM } from '@mikro-orm/core';
import { PostgreSqlDriver } from '@mikro-orm/postgresql';
import { createWebhooks, defineWebhooks, fromEnv, type Webhooks } from '@webhooks/core';
import { createMemoryTransport } from '@webhooks/memory';
import { attachWebhooks, createMikroOrmDeliveryLog, webhookEntities } from '@webhooks/mikro-orm';
import { createUndiciSender } from '@webhooks/undici';

/** The application's entity, defined as usual (a schema here; decorators work the same). */
export class Order {
  id!: number;
  reference!: string;
  total!: string;
  status!: string;
  customerEmail?: string | null;
}

export const OrderSchema = new EntitySchema<Order>({
  class: Order,
  properties: {
    id: { type: 'integer', primary: true, autoincrement: true },
    reference: { type: 'string' },
    total: { type: 'decimal', precision: 10, scale: 2 },
    status: { type: 'string' },
    customerEmail: { type: 'string', nullable: true },
  },
});

/** Connects to DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/shop), or a SQLite file; creates the tables. */
export async function connect(databaseUrl = process.env.DATABASE_URL): Promise<MikroORM> {
  // The webhook tables (outbox, deliveries, attempts) sit beside the application's.
  const entities = [OrderSchema, ...webhookEntities];
  if (databaseUrl) {
    const orm = await MikroORM.init({ driver: PostgreSqlDriver, clientUrl: databaseUrl, entities });
    await orm.schema.updateSchema(); // for the example; use migrations in production
    return orm;
  }
  // Creates the tables when the file has none. Not updateSchema(): on SQLite, MikroORM 6.6 sees the
  // bigint ids of webhook_outbox and webhook_attempts as changed on every call and fails to rebuild them.
  const file = process.env.SQLITE_FILE ?? 'example.sqlite';
  return MikroORM.init({ driver: BetterSqliteDriver, dbName: file, entities, ensureDatabase: { create: true } });
}

/** Webhooks wired to the database: outbox and delivery log in it, memory transport, undici sender. */
export function startWebhooks(orm: MikroORM, receiverUrl: string) {
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
    deliveryLog: createMikroOrmDeliveryLog(orm),
  });
  const integration = attachWebhooks(orm, webhooks, { appLabel: 'store' });
  return {
    webhooks,
    integration,
    async close() {
      await integration.detach();
      await webhooks.close();
    },
  };
}
