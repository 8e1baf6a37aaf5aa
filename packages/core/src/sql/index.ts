export type { SqlDialect, SqlExecutor, SqlResult, SqlRunner, TextCompression, WebhookTable } from './sql-executor.js';
export {
  columnSqlType,
  DEFAULT_TABLE_PREFIX,
  WEBHOOK_TABLES,
  type WebhookColumn,
  type WebhookIndex,
  type WebhookTableLayout,
} from './webhook-tables.js';
export { createSqlOutbox, type OutboxInsert, type SqlOutbox } from './sql-outbox.js';
export type { OutboxCommit } from './outbox-commit.js';
export { createSqlDeliveryLog } from './sql-delivery-log.js';
export { createSqlEndpointStates } from './sql-endpoint-states.js';
export { decodeJobs, encodeJobs } from './outbox-jobs.js';
export { returnsRows } from './sql-dialect.js';
