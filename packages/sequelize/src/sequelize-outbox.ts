import { outboxWriteError, type DeliveryJob } from '@webhooks/core';
import { createSqlOutbox, type SqlOutbox, type SqlRunner } from '@webhooks/core/sql';
import { QueryTypes, type Sequelize, type Transaction } from 'sequelize';
import { query, sequelizeExecutor } from './sequelize-executor.js';
import { commitWithoutSending } from './sequelize-internals.js';
import { defineWebhookModels, type WebhookTableOptions } from './webhook-tables.js';

/** The outbox of a Sequelize database: the shared store, plus writing in the application's transaction. */
export interface SequelizeOutbox extends SqlOutbox {
  /** Writes jobs to the outbox inside `transaction` (or on their own when null). */
  write(jobs: readonly DeliveryJob[], transaction: Transaction | null): Promise<void>;
  /**
   * Writes jobs in `transaction` and commits it: in one round trip with its COMMIT on
   * Postgres and MariaDB, else an insert then `commit`. A failed insert rolls back and
   * throws `WebhookOutboxError`; a failed COMMIT fails `commit` as it would alone.
   */
  writeAndCommit(jobs: readonly DeliveryJob[], transaction: Transaction, ends: TransactionEnds): Promise<void>;
}

/** The application's own ways to end its transaction. */
export interface TransactionEnds {
  commit(): Promise<void>;
  rollback(): Promise<void>;
}

/**
 * The transactional outbox over `webhook_outbox` (see `createSqlOutbox` in
 * `@webhooks/core/sql`): one row per transaction, claimed with `FOR UPDATE SKIP LOCKED`
 * on Postgres, MySQL and MariaDB so any number of relays can run.
 *
 * @example
 * const relay = createRelay({ store: createSequelizeOutbox(sequelize), publish: (jobs) => webhooks.publish(jobs) });
 */
export function createSequelizeOutbox(sequelize: Sequelize, options: WebhookTableOptions & { oneTripCommit?: boolean } = {}): SequelizeOutbox {
  defineWebhookModels(sequelize, options);
  const executor = sequelizeExecutor(sequelize, options);
  const outbox = createSqlOutbox(executor);
  const table = executor.table('outbox');
  const generator = sequelize.getQueryInterface().queryGenerator as { commitTransactionQuery(t: Transaction): string };
  // No retries: a COMMIT that failed must not run again as an autocommit insert.
  const once = { raw: true, logging: false, retry: { max: 1 } };
  const within = (transaction: Transaction): SqlRunner => ({ run: (sql, params = []) => query(sequelize, sql, params, transaction) });
  return {
    ...outbox,
    async writeAndCommit(jobs, transaction, ends) {
      const statement = options.oneTripCommit === false ? undefined : await outbox.commitStatement(jobs, Date.now(), within(transaction));
      if (!statement) {
        try {
          await this.write(jobs, transaction);
        } catch (err) {
          await ends.rollback();
          throw err;
        }
        return ends.commit();
      }
      const outcome: { error?: unknown } = {};
      try {
        await sequelize.query(statement.sql, { ...once, transaction, type: QueryTypes.RAW });
      } catch (err) {
        const { step, error } = await statement.failure(err, within(transaction), generator.commitTransactionQuery(transaction));
        if (step === 'insert') {
          await ends.rollback();
          throw error;
        }
        outcome.error = error;
      }
      return commitWithoutSending(sequelize, transaction, () => ends.commit(), outcome);
    },
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
