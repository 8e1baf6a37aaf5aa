import type { WebhookTable } from '@webhooks/core/sql';
import type { QueryInterface } from 'sequelize';
import { tableName, webhookAttributes, webhookIndexes, type WebhookTableOptions } from './webhook-tables.js';

const TABLES: WebhookTable[] = ['outbox', 'deliveries', 'attempts', 'endpoints'];

/**
 * A migration (`up`/`down`, the shape umzug and sequelize-cli run) that creates
 * and drops the adapter's tables and indexes.
 *
 * @example
 * // migrations/20260124-webhooks.js
 * module.exports = webhookTablesMigration();
 */
export function webhookTablesMigration(options: WebhookTableOptions = {}) {
  return {
    async up(queryInterface: QueryInterface): Promise<void> {
      for (const table of TABLES) {
        const name = tableName(table, options);
        await queryInterface.createTable(name, webhookAttributes(table, queryInterface.sequelize.getDialect()));
        for (const index of webhookIndexes(table, options)) await queryInterface.addIndex(name, index.fields, { name: index.name });
      }
    },
    async down(queryInterface: QueryInterface): Promise<void> {
      for (const table of [...TABLES].reverse()) await queryInterface.dropTable(tableName(table, options));
    },
  };
}
