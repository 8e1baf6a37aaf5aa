import { DEFAULT_TABLE_PREFIX, WEBHOOK_TABLES, type WebhookColumn, type WebhookTable } from '@webhooks/core/sql';
import { DataTypes, type ModelAttributes, type ModelStatic, type Model, type Sequelize } from 'sequelize';

/** Table names of the adapter; override the prefix to fit your schema. */
export interface WebhookTableOptions {
  /**
   * Prefix of the four tables. Default `webhook_` (`webhook_outbox`, `webhook_deliveries`,
   * `webhook_attempts`, `webhook_endpoints`): the names `@webhooks/mikro-orm` uses too.
   */
  tablePrefix?: string;
}

/** A webhook table's full name. */
export function tableName(table: WebhookTable, options: WebhookTableOptions = {}): string {
  return `${options.tablePrefix ?? DEFAULT_TABLE_PREFIX}${WEBHOOK_TABLES[table].name}`;
}

function dataType(column: WebhookColumn, dialect: string) {
  switch (column.type) {
    case 'id':
    case 'millis':
      return DataTypes.BIGINT;
    case 'integer':
      return DataTypes.INTEGER;
    case 'string':
      return DataTypes.STRING(column.length);
    case 'text':
      return DataTypes.TEXT;
    case 'long-text':
      // TEXT is 64 KiB on MySQL/MariaDB; other dialects' TEXT is unbounded.
      return dialect === 'mysql' || dialect === 'mariadb' ? DataTypes.TEXT('long') : DataTypes.TEXT;
  }
}

/** A table's columns as Sequelize attributes on a dialect; attribute names are the column names. */
export function webhookAttributes(table: WebhookTable, dialect: string): ModelAttributes {
  return Object.fromEntries(
    WEBHOOK_TABLES[table].columns.map((column) => [
      column.name,
      {
        type: dataType(column, dialect),
        allowNull: column.nullable === true,
        ...(column.primary ? { primaryKey: true } : {}),
        ...(column.type === 'id' ? { autoIncrement: true } : {}),
      },
    ]),
  );
}

/** A table's indexes, with the prefix. */
export function webhookIndexes(table: WebhookTable, options: WebhookTableOptions = {}) {
  const prefix = options.tablePrefix ?? DEFAULT_TABLE_PREFIX;
  return WEBHOOK_TABLES[table].indexes.map((index) => ({ name: `${prefix}${index.name}`, fields: index.columns }));
}

const TABLES: WebhookTable[] = ['outbox', 'deliveries', 'attempts', 'endpoints'];

/** The adapter's four models on one Sequelize instance. */
export interface WebhookModels {
  Outbox: ModelStatic<Model>;
  Delivery: ModelStatic<Model>;
  Attempt: ModelStatic<Model>;
  Endpoint: ModelStatic<Model>;
}

const MODEL_NAMES: Record<WebhookTable, keyof WebhookModels> = { outbox: 'Outbox', deliveries: 'Delivery', attempts: 'Attempt', endpoints: 'Endpoint' };
const defined = new WeakMap<Sequelize, WebhookModels>();

/**
 * Defines (once per Sequelize instance) the outbox, delivery, attempt and endpoint models,
 * so `sequelize.sync()` creates their tables. Use `webhookTablesMigration()` instead when
 * you manage the schema with migrations. The tables are the ones `@webhooks/mikro-orm`
 * creates, so services on either ORM can share them.
 *
 * @example
 * defineWebhookModels(sequelize);
 * await sequelize.sync();
 */
export function defineWebhookModels(sequelize: Sequelize, options: WebhookTableOptions = {}): WebhookModels {
  const existing = defined.get(sequelize);
  if (existing) return existing;
  const models = Object.fromEntries(
    TABLES.map((table) => [
      MODEL_NAMES[table],
      sequelize.define(`Webhook${MODEL_NAMES[table]}`, webhookAttributes(table, sequelize.getDialect()), {
        timestamps: false,
        tableName: tableName(table, options),
        indexes: webhookIndexes(table, options),
      }),
    ]),
  ) as unknown as WebhookModels;
  defined.set(sequelize, models);
  return models;
}

/** True for the adapter's own models, which never produce events. */
export function isWebhookModel(sequelize: Sequelize, model: unknown): boolean {
  const models = defined.get(sequelize);
  return !!models && Object.values(models).includes(model);
}
