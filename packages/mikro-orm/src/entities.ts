import { EntitySchema, type EntitySchemaProperty } from '@mikro-orm/core';

type Row = Record<string, unknown>;
import { WEBHOOK_TABLES, type WebhookColumn, type WebhookTable } from '@webhooks/core/sql';
import { LongTextType } from './long-text-type.js';

const camel = (column: string) => column.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

function property(column: WebhookColumn): EntitySchemaProperty<{}, Row> {
  const base = { fieldName: column.name, nullable: column.nullable === true, ...(column.primary ? { primary: true } : {}) };
  switch (column.type) {
    case 'id':
      // Signed, as every other adapter declares it (MikroORM would make it unsigned on MySQL).
      return { ...base, type: 'bigint', autoincrement: true, unsigned: false };
    case 'millis':
      return { ...base, type: 'bigint' };
    case 'integer':
      return { ...base, type: 'integer' };
    case 'string':
      // varchar(n) on every database, SQLite included (where MikroORM would declare text).
      return { ...base, type: 'string', length: column.length, columnType: `varchar(${column.length})` };
    case 'text':
      return { ...base, type: 'text' };
    case 'long-text':
      return { ...base, type: LongTextType };
  }
}

/** An entity for one of the shared webhook tables, built from the one layout both adapters use. */
function webhookEntity(table: WebhookTable, name: string): EntitySchema {
  const layout = WEBHOOK_TABLES[table];
  return new EntitySchema<Row>({
    name,
    tableName: `webhook_${layout.name}`,
    properties: Object.fromEntries(layout.columns.map((column) => [camel(column.name), property(column)])),
    indexes: layout.indexes.map((index) => ({ name: `webhook_${index.name}`, properties: index.columns.map(camel) })),
  });
}

/** `webhook_outbox`: one row per write (a flush, a `dispatchModelEvent`), its jobs packed in one text. */
export const WebhookOutbox = webhookEntity('outbox', 'WebhookOutbox');
/** `webhook_deliveries`: one row per delivery, its state and, while live, its lease. */
export const WebhookDelivery = webhookEntity('deliveries', 'WebhookDelivery');
/** `webhook_attempts`: every attempt of every delivery. */
export const WebhookAttempt = webhookEntity('attempts', 'WebhookAttempt');
/** `webhook_endpoints`: endpoint health, shared by every process. */
export const WebhookEndpointState = webhookEntity('endpoints', 'WebhookEndpointState');

/** The entity of each shared table. */
export const WEBHOOK_ENTITIES: Record<WebhookTable, EntitySchema> = {
  outbox: WebhookOutbox,
  deliveries: WebhookDelivery,
  attempts: WebhookAttempt,
  endpoints: WebhookEndpointState,
};

/**
 * The adapter's entities; add them to your `entities` and create the tables with your
 * migrations or `orm.schema.updateSchema()` (`orm.schema.update()` on MikroORM 7). They are
 * the tables `@webhooks/sequelize` creates, so services on either ORM can share them.
 *
 * @example
 * const orm = await MikroORM.init({ entities: [Order, ...webhookEntities], dbName: 'shop' });
 */
export const webhookEntities = Object.values(WEBHOOK_ENTITIES);

/** Entity names the subscriber never turns into events. */
export const WEBHOOK_ENTITY_NAMES: ReadonlySet<string> = new Set(webhookEntities.map((entity) => entity.meta.className));
