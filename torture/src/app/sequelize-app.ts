import { DataTypes, QueryTypes, Sequelize, type ModelStatic, type Model } from 'sequelize';
import { sequelizeOptions, type DatabaseConnection } from '../database/connection.js';
import { defineSequelizeWebhookTables, startSequelizeStack } from '../stack/sequelize.js';
import type { StackOptions } from '../stack/stack-options.js';
import { IntentionalRollback, ITEMS_TABLE } from './item.js';
import { countOf, type TortureApp } from './torture-app.js';

/** The application's model: `torture.Item` with the adapter's `appLabel: 'torture'`. */
function defineItem(sequelize: Sequelize): ModelStatic<Model> {
  return sequelize.define(
    'Item',
    {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      tag: { type: DataTypes.STRING(64), allowNull: false, unique: true },
      flagged: { type: DataTypes.BOOLEAN, allowNull: false },
    },
    { tableName: ITEMS_TABLE, timestamps: false },
  );
}

/** Creates the application's table and the webhook tables, once per combination, before any sender runs. */
export async function setupSequelizeDatabase(connection: DatabaseConnection): Promise<void> {
  const sequelize = new Sequelize(sequelizeOptions(connection));
  try {
    defineItem(sequelize);
    defineSequelizeWebhookTables(sequelize);
    await sequelize.sync();
  } finally {
    await sequelize.close();
  }
}

/**
 * A Sequelize application with webhooks attached; each `writeItem` is one managed transaction.
 *
 * @example
 * const app = await openSequelizeApp(connection, stackOptions);
 * await app.writeItem({ tag: 't1', flagged: true, rollback: false, batch: [] });
 */
export async function openSequelizeApp(connection: DatabaseConnection, options: StackOptions): Promise<TortureApp> {
  const sequelize = new Sequelize(sequelizeOptions(connection));
  const Item = defineItem(sequelize);
  const stack = await startSequelizeStack(sequelize, options);
  return {
    stack,
    async writeItem({ tag, flagged, rollback, batch }) {
      await sequelize.transaction(async (transaction) => {
        const item = await Item.create({ tag, flagged }, { transaction });
        if (batch.length > 0) await Item.bulkCreate(batch.map((more) => ({ tag: more, flagged: false })), { transaction });
        if (flagged) await stack.flag(item, transaction);
        if (rollback) throw new IntentionalRollback();
      });
    },
    count: async (sql) => countOf(await sequelize.query<Record<string, unknown>>(sql, { type: QueryTypes.SELECT, transaction: null })),
    async close() {
      await stack.close();
      await sequelize.close();
    },
  };
}
