import { EntitySchema, MikroORM, type Options } from '@mikro-orm/core';
import type { DatabaseConnection } from '../database/connection.js';
import { mikroOrmWebhookEntities, startMikroOrmStack } from '../stack/mikro-orm.js';
import type { StackOptions } from '../stack/stack-options.js';
import { IntentionalRollback, ITEMS_TABLE } from './item.js';
import { countOf, type TortureApp } from './torture-app.js';

/** The application's entity: class `Item`, so `torture.Item` with `appLabel: 'torture'`. */
export class Item {
  id!: number;
  tag!: string;
  flagged!: boolean;
}

const ItemSchema = new EntitySchema<Item>({
  class: Item,
  tableName: ITEMS_TABLE,
  properties: {
    id: { type: 'integer', primary: true, autoincrement: true },
    tag: { type: 'string', length: 64, unique: true },
    flagged: { type: 'boolean' },
  },
});

/** MikroORM options for a connection; only the dialect's driver is loaded. */
async function ormOptions(connection: DatabaseConnection): Promise<Options> {
  const common = { entities: [ItemSchema, ...mikroOrmWebhookEntities], allowGlobalContext: false, debug: false };
  if (connection.dialect === 'sqlite') {
    const { BetterSqliteDriver } = await import('@mikro-orm/better-sqlite');
    return { ...common, driver: BetterSqliteDriver, dbName: connection.file };
  }
  const { host, port, user, password, database } = connection;
  const driver =
    connection.dialect === 'postgres'
      ? (await import('@mikro-orm/postgresql')).PostgreSqlDriver
      : (await import('@mikro-orm/mariadb')).MariaDbDriver;
  return { ...common, driver, host, port, user, dbName: database, ...(password ? { password } : {}) } as Options;
}

/** Creates the application's table and the webhook tables, once per combination, before any sender runs. */
export async function setupMikroOrmDatabase(connection: DatabaseConnection): Promise<void> {
  const orm = await MikroORM.init(await ormOptions(connection));
  try {
    await orm.schema.createSchema();
  } finally {
    await orm.close(true);
  }
}

/**
 * A MikroORM application with webhooks attached. A committed item without a custom event is
 * a plain `em.flush()`, which opens its own transaction (its outbox row goes with the COMMIT);
 * every other `writeItem` is one `em.transactional`, the outbox row written inside it.
 *
 * @example
 * const app = await openMikroOrmApp(connection, stackOptions);
 * await app.writeItem({ tag: 't1', flagged: true, rollback: false, batch: [] });
 */
export async function openMikroOrmApp(connection: DatabaseConnection, options: StackOptions): Promise<TortureApp> {
  const orm = await MikroORM.init(await ormOptions(connection));
  const stack = await startMikroOrmStack(orm, options);
  return {
    stack,
    async writeItem({ tag, flagged, rollback, batch }) {
      if (!flagged && !rollback) {
        const em = orm.em.fork();
        em.create(Item, { tag, flagged });
        for (const more of batch) em.create(Item, { tag: more, flagged: false });
        return em.flush();
      }
      await orm.em.fork().transactional(async (em) => {
        const item = em.create(Item, { tag, flagged });
        for (const more of batch) em.create(Item, { tag: more, flagged: false });
        await em.flush();
        if (flagged) await stack.flag(em, item);
        if (rollback) throw new IntentionalRollback();
      });
    },
    count: async (sql) => countOf(await orm.em.fork().getConnection().execute(sql)),
    async close() {
      await stack.close();
      await orm.close(true);
    },
  };
}
