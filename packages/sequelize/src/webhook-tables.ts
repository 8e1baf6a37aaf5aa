import { DataTypes, type ModelAttributes, type ModelStatic, type Model, type Sequelize } from 'sequelize';

/** Table names of the adapter; override the prefix to fit your schema. */
export interface WebhookTableOptions {
  /** Prefix of the three tables. Default `webhook_` (`webhook_outbox`, `webhook_deliveries`, `webhook_attempts`). */
  tablePrefix?: string;
}

// Long bodies: TEXT is 64 KiB on MySQL/MariaDB, so use LONGTEXT there (other dialects' TEXT is unbounded).
const longText = (dialect: string) => (dialect === 'mysql' || dialect === 'mariadb' ? DataTypes.TEXT('long') : DataTypes.TEXT);
// Times as epoch milliseconds so they round-trip exactly on every dialect.
const MILLIS = DataTypes.BIGINT;

/** The columns of a delivery job after its id, shared by the outbox and the deliveries table. */
function jobAttributes(dialect: string): ModelAttributes {
  return {
    eventId: { type: DataTypes.STRING(64), allowNull: false, field: 'event_id' },
    eventName: { type: DataTypes.STRING(200), allowNull: false, field: 'event_name' },
    endpoint: { type: DataTypes.STRING(200), allowNull: false },
    body: { type: longText(dialect), allowNull: false },
    attempt: { type: DataTypes.INTEGER, allowNull: false },
    jobKey: { type: DataTypes.STRING(500), allowNull: false, field: 'job_key' },
    createdAt: { type: MILLIS, allowNull: false, field: 'created_at' },
  };
}

export function outboxAttributes(dialect: string): ModelAttributes {
  return {
    id: { type: DataTypes.BIGINT, primaryKey: true, autoIncrement: true },
    deliveryId: { type: DataTypes.STRING(64), allowNull: false, unique: true, field: 'delivery_id' },
    ...jobAttributes(dialect),
    publishedAt: { type: MILLIS, allowNull: true, field: 'published_at' },
  };
}

export function deliveryAttributes(dialect: string): ModelAttributes {
  return {
    deliveryId: { type: DataTypes.STRING(64), primaryKey: true, field: 'delivery_id' },
    ...jobAttributes(dialect),
    state: { type: DataTypes.STRING(16), allowNull: false },
    reason: { type: DataTypes.TEXT, allowNull: true },
    updatedAt: { type: MILLIS, allowNull: false, field: 'updated_at' },
  };
}

export function attemptAttributes(): ModelAttributes {
  return {
    id: { type: DataTypes.BIGINT, primaryKey: true, autoIncrement: true },
    deliveryId: { type: DataTypes.STRING(64), allowNull: false, field: 'delivery_id' },
    attempt: { type: DataTypes.INTEGER, allowNull: false },
    startedAt: { type: MILLIS, allowNull: false, field: 'started_at' },
    durationMs: { type: DataTypes.INTEGER, allowNull: false, field: 'duration_ms' },
    outcome: { type: DataTypes.STRING(10), allowNull: false },
    status: { type: DataTypes.INTEGER, allowNull: true },
    reason: { type: DataTypes.STRING(500), allowNull: false },
    error: { type: DataTypes.TEXT, allowNull: true },
    responseBody: { type: DataTypes.TEXT, allowNull: true, field: 'response_body' },
    nextRetryAt: { type: MILLIS, allowNull: true, field: 'next_retry_at' },
  };
}

/** Indexes for the relay's claim and purge, and the delivery log's queries. */
export function webhookIndexes(prefix: string) {
  return {
    outbox: [{ name: `${prefix}outbox_pending`, fields: ['published_at', 'id'] }],
    deliveries: [
      { name: `${prefix}deliveries_event`, fields: ['event_id'] },
      { name: `${prefix}deliveries_endpoint_state`, fields: ['endpoint', 'state'] },
      { name: `${prefix}deliveries_state`, fields: ['state'] },
    ],
    attempts: [{ name: `${prefix}attempts_delivery`, fields: ['delivery_id', 'id'] }],
  };
}

/** The adapter's three models on one Sequelize instance. */
export interface WebhookModels {
  Outbox: ModelStatic<Model>;
  Delivery: ModelStatic<Model>;
  Attempt: ModelStatic<Model>;
}

const defined = new WeakMap<Sequelize, WebhookModels>();

/**
 * Defines (once per Sequelize instance) the outbox, delivery and attempt
 * models, so `sequelize.sync()` creates their tables. Use
 * `webhookTablesMigration()` instead when you manage the schema with migrations.
 *
 * @example
 * defineWebhookModels(sequelize);
 * await sequelize.sync();
 */
export function defineWebhookModels(sequelize: Sequelize, options: WebhookTableOptions = {}): WebhookModels {
  const existing = defined.get(sequelize);
  if (existing) return existing;
  const prefix = options.tablePrefix ?? 'webhook_';
  const indexes = webhookIndexes(prefix);
  const dialect = sequelize.getDialect();
  const common = { timestamps: false, underscored: true } as const;
  const models: WebhookModels = {
    Outbox: sequelize.define('WebhookOutbox', outboxAttributes(dialect), { ...common, tableName: `${prefix}outbox`, indexes: indexes.outbox }),
    Delivery: sequelize.define('WebhookDelivery', deliveryAttributes(dialect), { ...common, tableName: `${prefix}deliveries`, indexes: indexes.deliveries }),
    Attempt: sequelize.define('WebhookAttempt', attemptAttributes(), { ...common, tableName: `${prefix}attempts`, indexes: indexes.attempts }),
  };
  defined.set(sequelize, models);
  return models;
}

/** True for the adapter's own models, which never produce events. */
export function isWebhookModel(sequelize: Sequelize, model: unknown): boolean {
  const models = defined.get(sequelize);
  return !!models && (model === models.Outbox || model === models.Delivery || model === models.Attempt);
}
