import { outboxWriteError, type DeliveryJob, type OutboxStore } from '@webhooks/core';
import { Op, QueryTypes, Transaction, type Sequelize } from 'sequelize';
import { jobToRow, rowToJob } from './rows.js';
import { defineWebhookModels, type WebhookTableOptions } from './webhook-tables.js';

const outboxRowToJob = (r: Record<string, unknown>) =>
  rowToJob({ ...r, deliveryId: r.delivery_id, eventId: r.event_id, eventName: r.event_name, jobKey: r.job_key, createdAt: r.created_at });

interface Quoting {
  quoteTable(table: unknown): string;
  quoteIdentifier(name: string): string;
}

/**
 * The transactional outbox over `webhook_outbox`. On Postgres, MySQL and
 * MariaDB a claim locks its rows with `FOR UPDATE SKIP LOCKED`, so several
 * relays can run at once without publishing a job twice. On SQLite run a
 * single relay: it claims without a transaction, so publishing never holds the
 * database's only write lock.
 *
 * @example
 * const relay = createRelay({ store: createSequelizeOutbox(sequelize), publish: (jobs) => webhooks.publish(jobs) });
 */
export function createSequelizeOutbox(sequelize: Sequelize, options: WebhookTableOptions = {}): OutboxStore & {
  /** Writes jobs to the outbox inside `transaction` (or on their own when null). */
  write(jobs: readonly DeliveryJob[], transaction: Transaction | null): Promise<void>;
} {
  const { Outbox } = defineWebhookModels(sequelize, options);
  const dialect = sequelize.getDialect();
  const generator = (sequelize.getQueryInterface() as unknown as { queryGenerator: Quoting }).queryGenerator;
  const table = generator.quoteTable(Outbox.getTableName());
  const col = (name: string) => generator.quoteIdentifier(name);
  const columns = ['id', 'delivery_id', 'event_id', 'event_name', 'endpoint', 'body', 'attempt', 'job_key', 'created_at'];
  const lock = dialect === 'sqlite' ? '' : ' FOR UPDATE SKIP LOCKED';
  const insertColumns = ['delivery_id', 'event_id', 'event_name', 'endpoint', 'body', 'attempt', 'job_key', 'created_at'];
  const insertSql = `INSERT INTO ${table} (${insertColumns.map(col).join(', ')}) VALUES `;
  const claimSql = (limit: number) =>
    `SELECT ${columns.map(col).join(', ')} FROM ${table} WHERE ${col('published_at')} IS NULL ` +
    `ORDER BY ${col('id')} LIMIT ${limit}${lock}`;

  return {
    async write(jobs, transaction) {
      // Hand-written INSERT with bound values: the query generator costs more CPU than the insert itself.
      const bind: unknown[] = [];
      const tuples = jobs.map((job) => {
        const row = jobToRow(job);
        const at = bind.length;
        bind.push(row.deliveryId, row.eventId, row.eventName, row.endpoint, row.body, row.attempt, row.jobKey, row.createdAt);
        return `(${insertColumns.map((_, i) => `$${at + i + 1}`).join(', ')})`;
      });
      try {
        await sequelize.query(`${insertSql}${tuples.join(', ')}`, { bind, transaction, type: QueryTypes.INSERT, logging: false });
      } catch (err) {
        // Sequelize's error carries the bound bodies as `parameters`.
        throw outboxWriteError(err, { jobs, table });
      }
    },
    async relayBatch(limit, publish) {
      const claim = async (transaction: Transaction | null) => {
        const rows = await sequelize.query<Record<string, unknown>>(claimSql(limit), {
          transaction,
          type: QueryTypes.SELECT,
          logging: false,
        });
        if (rows.length === 0) return 0;
        await publish(rows.map(outboxRowToJob));
        await Outbox.update(
          { publishedAt: Date.now() },
          { where: { id: rows.map((r) => r.id as number) }, transaction, hooks: false, logging: false },
        );
        return rows.length;
      };
      // SQLite has one writer at a time: holding a transaction while publishing would block every
      // other write (the delivery log's included) until it ends. With its single relay, reading and
      // marking outside a transaction is safe; a crash between the two publishes again (at least once).
      if (dialect === 'sqlite') return claim(null);
      // READ COMMITTED: no gap locks on MySQL/MariaDB, so a claim never blocks or deadlocks the
      // application's inserts into the outbox; rows are still locked one by one.
      const isolationLevel = Transaction.ISOLATION_LEVELS.READ_COMMITTED;
      return sequelize.transaction({ transaction: null, isolationLevel } as never, claim);
    },
    async purgePublished(before) {
      return Outbox.destroy({ where: { publishedAt: { [Op.lt]: before } }, transaction: null, hooks: false, logging: false });
    },
  };
}
