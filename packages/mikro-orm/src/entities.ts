import { EntitySchema, type EntitySchemaProperty } from '@mikro-orm/core';
import { LongTextType } from './long-text-type.js';

/**
 * A row of `webhook_outbox`: the delivery jobs one write planned (a flush, a
 * `dispatchModelEvent`), at most 1000, written in the transaction that caused them.
 */
export interface WebhookOutboxRow {
  /** A bigint: a string on MikroORM 6. */
  id: string | number;
  /** The jobs in delivery order: a JSON list of their fields, then one body per line (see the README). */
  jobs: string;
  jobCount: number;
  createdAt: Date;
  publishedAt: Date | null;
}

/** A row of `webhook_deliveries`: a delivery's job and its current state. */
export interface WebhookDeliveryRow {
  deliveryId: string;
  eventId: string;
  eventName: string;
  endpoint: string;
  body: string;
  jobKey: string;
  attempt: number;
  createdAt: Date;
  state: string;
  reason: string | null;
  updatedAt: Date;
}

/** A row of `webhook_attempts`: one HTTP attempt of a delivery. */
export interface WebhookAttemptRow {
  id: string | number;
  deliveryId: string;
  attempt: number;
  startedAt: Date;
  durationMs: number;
  outcome: string;
  status: number | null;
  reason: string;
  error: string | null;
  responseBody: string | null;
  nextRetryAt: Date | null;
}

// Column names are spelled out so the tables look the same whatever naming strategy the app uses;
// datetimes keep milliseconds (MySQL's default precision is whole seconds).
const string = (fieldName: string, length = 255) => ({ type: 'string', length, fieldName }) as const;
const integer = (fieldName: string) => ({ type: 'integer', fieldName }) as const;
const longText = (fieldName: string) => ({ type: LongTextType, fieldName }) as const;
const serial = { type: 'bigint', primary: true, autoincrement: true, fieldName: 'id' } as const;
const datetime = (fieldName: string, nullable = false) => ({ type: 'datetime', length: 3, fieldName, nullable }) as const;

/**
 * The transactional outbox, one row per write: per-row costs (tuple, index entries,
 * WAL records) are paid once per flush, not once per job. The autoincrement id
 * gives the relay its order.
 */
export const WebhookOutbox = new EntitySchema<WebhookOutboxRow>({
  name: 'WebhookOutbox',
  tableName: 'webhook_outbox',
  properties: {
    id: serial,
    jobs: longText('jobs'),
    jobCount: integer('job_count'),
    createdAt: datetime('created_at'),
    publishedAt: datetime('published_at', true),
  },
  // Serves the relay's `published_at IS NULL ORDER BY id` and the purge's `published_at < ?`.
  indexes: [{ name: 'webhook_outbox_published_at_id_index', properties: ['publishedAt', 'id'] }],
});

/** The delivery log: one row per delivery, updated as attempts are made. */
export const WebhookDelivery = new EntitySchema<WebhookDeliveryRow>({
  name: 'WebhookDelivery',
  tableName: 'webhook_deliveries',
  properties: {
    deliveryId: { ...string('delivery_id', 64), primary: true },
    eventId: string('event_id', 64),
    eventName: string('event_name'),
    endpoint: string('endpoint'),
    body: longText('body'),
    jobKey: string('job_key', 512),
    attempt: integer('attempt'),
    createdAt: datetime('created_at'),
    state: string('state', 16),
    reason: { type: 'text', fieldName: 'reason', nullable: true },
    updatedAt: datetime('updated_at'),
  },
  indexes: [
    { name: 'webhook_deliveries_event_id_index', properties: ['eventId'] },
    { name: 'webhook_deliveries_endpoint_state_index', properties: ['endpoint', 'state'] },
    { name: 'webhook_deliveries_updated_at_index', properties: ['updatedAt'] },
  ],
});

/** Every attempt of every delivery, in the delivery log. */
export const WebhookAttempt = new EntitySchema<WebhookAttemptRow>({
  name: 'WebhookAttempt',
  tableName: 'webhook_attempts',
  properties: {
    id: serial,
    // A foreign key to the delivery, read and written as the plain id.
    deliveryId: {
      kind: 'm:1',
      entity: () => WebhookDelivery as EntitySchema,
      mapToPk: true,
      fieldName: 'delivery_id',
      deleteRule: 'cascade',
      index: 'webhook_attempts_delivery_id_index',
    } as EntitySchemaProperty<string, WebhookAttemptRow>,
    attempt: integer('attempt'),
    startedAt: datetime('started_at'),
    durationMs: integer('duration_ms'),
    outcome: string('outcome', 16),
    status: { type: 'integer', fieldName: 'status', nullable: true },
    reason: { type: 'text', fieldName: 'reason' },
    error: { type: 'text', fieldName: 'error', nullable: true },
    responseBody: { type: 'text', fieldName: 'response_body', nullable: true },
    nextRetryAt: datetime('next_retry_at', true),
  },
});

/**
 * The adapter's entities; add them to your `entities` and create the tables
 * with your migrations or `orm.schema.updateSchema()` (`orm.schema.update()` on MikroORM 7).
 *
 * @example
 * const orm = await MikroORM.init({ entities: [Order, ...webhookEntities], dbName: 'shop' });
 */
export const webhookEntities = [WebhookOutbox, WebhookDelivery, WebhookAttempt];

/** Entity names the subscriber never turns into events. */
export const WEBHOOK_ENTITY_NAMES: ReadonlySet<string> = new Set(['WebhookOutbox', 'WebhookDelivery', 'WebhookAttempt']);
