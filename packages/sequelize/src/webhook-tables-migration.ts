import type { ModelAttributes, QueryInterface } from 'sequelize';
import {
  attemptAttributes,
  deliveryAttributes,
  outboxAttributes,
  webhookIndexes,
  type WebhookTableOptions,
} from './webhook-tables.js';

/** Maps attribute names to column names, as `createTable` expects columns. */
function columns(attributes: ModelAttributes): ModelAttributes {
  return Object.fromEntries(
    Object.entries(attributes).map(([name, definition]) => {
      const { field, ...column } = definition as { field?: string };
      return [field ?? name, column];
    }),
  ) as ModelAttributes;
}

/**
 * A migration (`up`/`down`, the shape umzug and sequelize-cli run) that creates
 * and drops the adapter's tables and indexes.
 *
 * @example
 * // migrations/20260124-webhooks.js
 * module.exports = webhookTablesMigration();
 */
export function webhookTablesMigration(options: WebhookTableOptions = {}) {
  const prefix = options.tablePrefix ?? 'webhook_';
  const tables = (dialect: string) => [
    { name: `${prefix}outbox`, attributes: outboxAttributes(dialect), indexes: webhookIndexes(prefix).outbox },
    { name: `${prefix}deliveries`, attributes: deliveryAttributes(dialect), indexes: webhookIndexes(prefix).deliveries },
    { name: `${prefix}attempts`, attributes: attemptAttributes(), indexes: webhookIndexes(prefix).attempts },
  ];
  return {
    async up(queryInterface: QueryInterface): Promise<void> {
      for (const table of tables(queryInterface.sequelize.getDialect())) {
        await queryInterface.createTable(table.name, columns(table.attributes));
        for (const index of table.indexes) await queryInterface.addIndex(table.name, index.fields, { name: index.name });
      }
    },
    async down(queryInterface: QueryInterface): Promise<void> {
      for (const table of tables(queryInterface.sequelize.getDialect()).reverse()) await queryInterface.dropTable(table.name);
    },
  };
}
