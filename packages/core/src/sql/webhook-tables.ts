import type { SqlDialect, WebhookTable } from './sql-executor.js';

/** A column of a webhook table, in terms every adapter can map to its ORM's types. */
export interface WebhookColumn {
  name: string;
  /** `id`: 64-bit auto-increment primary key; `millis`: 64-bit epoch milliseconds. */
  type: 'id' | 'string' | 'text' | 'long-text' | 'integer' | 'millis';
  /** For `string`. */
  length?: number;
  nullable?: boolean;
  primary?: boolean;
}

export interface WebhookIndex {
  name: string;
  columns: string[];
}

export interface WebhookTableLayout {
  /** The table's name after the prefix (`webhook_` by default). */
  name: string;
  columns: WebhookColumn[];
  indexes: WebhookIndex[];
}

const string = (name: string, length: number, nullable = false): WebhookColumn => ({ name, type: 'string', length, nullable });
const millis = (name: string, nullable = false): WebhookColumn => ({ name, type: 'millis', nullable });
const integer = (name: string, nullable = false): WebhookColumn => ({ name, type: 'integer', nullable });
const text = (name: string, nullable = false): WebhookColumn => ({ name, type: 'text', nullable });
const id: WebhookColumn = { name: 'id', type: 'id', primary: true };

/**
 * The layout of the four webhook tables, the one definition both ORM adapters build their
 * models from, so a Sequelize service and a MikroORM service can share them:
 * - `outbox`: one row per write (a transaction's events), its jobs packed in `jobs`;
 * - `deliveries`: one row per delivery, with its state and, while live, its lease;
 * - `attempts`: every HTTP attempt;
 * - `endpoints`: endpoint health, shared by every process.
 * Times are epoch milliseconds in 64-bit integers: exact on every database and driver.
 */
export const WEBHOOK_TABLES: Record<WebhookTable, WebhookTableLayout> = {
  outbox: {
    name: 'outbox',
    columns: [id, { name: 'jobs', type: 'long-text' }, integer('job_count'), millis('created_at'), millis('published_at', true)],
    indexes: [{ name: 'outbox_unpublished', columns: ['published_at', 'id'] }],
  },
  deliveries: {
    name: 'deliveries',
    columns: [
      { ...string('delivery_id', 64), primary: true },
      string('event_id', 64),
      string('event_name', 200),
      string('endpoint', 200),
      { name: 'body', type: 'long-text' },
      string('job_key', 500),
      integer('attempt'),
      millis('created_at'),
      string('state', 16),
      text('reason', true),
      millis('updated_at'),
      millis('next_attempt_at', true),
      string('locked_by', 64, true),
      millis('locked_until', true),
      // The W3C trace context the delivery was planned in, when tracing captured one.
      string('traceparent', 64, true),
      text('tracestate', true),
    ],
    // A log page lists newest first (by delivery id) under any one filter; each filter's index ends in
    // delivery_id so a page of 1 000 000 rows is a short index range, not a sort.
    indexes: [
      { name: 'deliveries_event', columns: ['event_id'] },
      { name: 'deliveries_endpoint_state', columns: ['endpoint', 'state', 'delivery_id'] },
      { name: 'deliveries_state_lock', columns: ['state', 'locked_until'] },
      { name: 'deliveries_state', columns: ['state', 'delivery_id'] },
      { name: 'deliveries_event_name', columns: ['event_name', 'delivery_id'] },
    ],
  },
  attempts: {
    name: 'attempts',
    columns: [
      id,
      string('delivery_id', 64),
      integer('attempt'),
      millis('started_at'),
      integer('duration_ms'),
      string('outcome', 16),
      integer('status', true),
      text('reason'),
      text('error', true),
      text('response_body', true),
      millis('next_retry_at', true),
      string('source', 255, true),
    ],
    indexes: [
      { name: 'attempts_delivery', columns: ['delivery_id', 'id'] },
      // Recent attempts (an endpoint's success rate over the last hour).
      { name: 'attempts_started', columns: ['started_at'] },
    ],
  },
  endpoints: {
    name: 'endpoints',
    columns: [
      { ...string('name', 200), primary: true },
      string('state', 16),
      integer('consecutive_failures'),
      text('reason', true),
      millis('disabled_at', true),
      millis('updated_at'),
    ],
    indexes: [],
  },
};

/** The default prefix of the table names: `webhook_outbox`, `webhook_deliveries`, … */
export const DEFAULT_TABLE_PREFIX = 'webhook_';

/** A column's SQL type on a dialect, as both adapters declare it. */
export function columnSqlType(column: WebhookColumn, dialect: SqlDialect): string {
  switch (column.type) {
    case 'id':
      return dialect === 'sqlite' ? 'INTEGER' : 'BIGINT';
    case 'millis':
      return 'BIGINT';
    case 'integer':
      return 'INTEGER';
    case 'string':
      return `VARCHAR(${column.length})`;
    case 'text':
      return 'TEXT';
    case 'long-text':
      return dialect === 'mysql' ? 'LONGTEXT' : 'TEXT';
  }
}
