import { outboxWriteError, type DeliveryJob } from '@webhooks/core';
import { createSqlOutbox, type SqlOutbox } from '@webhooks/core/sql';
import type { Sequelize, Transaction } from 'sequelize';
import { query, sequelizeExecutor } from './sequelize-executor.js';
import { defineWebhookModels, type WebhookTableOptions } from './webhook-tables.js';

/** The outbox of a Sequelize database: the shared store, plus writing in the application's transaction. */
export interface SequelizeOutbox extends SqlOutbox {
  /** Writes jobs to the outbox inside `transaction` (or on their own when null). */
  write(jobs: readonly DeliveryJob[], transaction: Transaction | null): Promise<void>;
}

/**
 * The transactional outbox over `webhook_outbox` (see `createSqlOutbox` in
 * `@webhooks/core/sql`): one row per transaction, claimed with `FOR UPDATE SKIP LOCKED`
 * on Postgres, MySQL and MariaDB so any number of relays can run.
 *
 * @example
 * const relay = createRelay({ store: createSequelizeOutbox(sequelize), publish: (jobs) => webhooks.publish(jobs) });
 */
export function createSequelizeOutbox(sequelize: Sequelize, options: WebhookTableOptions = {}): SequelizeOutbox {
  defineWebhookModels(sequelize, options);
  const executor = sequelizeExecutor(sequelize, options);
  const outbox = createSqlOutbox(executor);
  const table = executor.table('outbox');
  return {
    ...outbox,
    async write(jobs, transaction) {
      for (const insert of outbox.inserts(jobs, Date.now())) {
        try {
          await query(sequelize, insert.sql, insert.params, transaction);
        } catch (err) {
          // Sequelize's error carries the bound values (the bodies) as `parameters`.
          throw outboxWriteError(err, { jobs: insert.jobs, table });
        }
      }
    },
  };
}
