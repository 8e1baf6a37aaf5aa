import type { DeliveryJob } from '../engine/delivery-job.js';
import type { OutboxBacklog, OutboxStore } from '../engine/relay.js';
import { isMariaDb, outboxCommitFailure, outboxCommitSql, type OutboxCommit } from './outbox-commit.js';
import { decodeJobs, encodeJobs } from './outbox-jobs.js';
import { placeholders, skipLocked } from './sql-dialect.js';
import type { SqlExecutor, SqlRunner } from './sql-executor.js';

// Keeps one row (and one statement) well under every database's packet size.
const JOBS_PER_ROW = 1000;

/** One insert into the outbox, to run in the application's transaction. */
export interface OutboxInsert {
  sql: string;
  params: unknown[];
  /** The jobs it writes (for error reports that must not quote bodies). */
  jobs: readonly DeliveryJob[];
}

/** The outbox over `webhook_outbox`: statements for the application's transaction, and the relay's side. */
export interface SqlOutbox extends OutboxStore {
  /** The inserts that write `jobs` (one row per 1000), for the adapter to run in the application's transaction. */
  inserts(jobs: readonly DeliveryJob[], now: number): OutboxInsert[];
  /**
   * The insert of `jobs` and the transaction's COMMIT as one statement (Postgres, MariaDB),
   * or undefined where the adapter must run `inserts` then commit: SQLite, MySQL, rows over
   * 32 KiB. `transaction`, the application's, is asked once which server it is on.
   */
  commitStatement(jobs: readonly DeliveryJob[], now: number, transaction: SqlRunner): Promise<OutboxCommit | undefined>;
  backlog(): Promise<OutboxBacklog>;
}

/**
 * The transactional outbox shared by the ORM adapters. A row holds the jobs of one write
 * (a transaction's events), packed in one text, so per-row costs are paid once per
 * transaction. The relay claims rows oldest first until it has `limit` jobs (at least one
 * row): on Postgres and MySQL in a transaction with `FOR UPDATE SKIP LOCKED`, so relays
 * in many processes never publish a row twice; on SQLite without holding the write lock
 * while publishing (a second relay may publish a row again: at least once).
 *
 * @example
 * const relay = createRelay({ store: createSqlOutbox(executor), publish: (jobs) => webhooks.publish(jobs) });
 */
export function createSqlOutbox(executor: SqlExecutor): SqlOutbox {
  const table = executor.table('outbox');
  const compression = executor.dialect === 'sqlite' ? undefined : executor.compression;
  const insertSql = `INSERT INTO ${table} (jobs, job_count, created_at) VALUES (?, ?, ?)`;
  const claimSql = `SELECT id, job_count, jobs FROM ${table} WHERE published_at IS NULL ORDER BY id LIMIT ?${skipLocked(executor.dialect)}`;

  const take = async (runner: SqlRunner, limit: number, publish: (jobs: DeliveryJob[]) => Promise<void>) => {
    const { rows } = await runner.run(claimSql, [limit]);
    const ids: unknown[] = [];
    const jobs: DeliveryJob[] = [];
    for (const row of rows) {
      if (ids.length > 0 && jobs.length >= limit) break;
      ids.push(row.id);
      jobs.push(...decodeJobs(row.jobs as string, compression));
    }
    if (ids.length === 0) return 0;
    await publish(jobs);
    await runner.run(`UPDATE ${table} SET published_at = ? WHERE id IN ${placeholders(ids.length)}`, [Date.now(), ...ids]);
    return jobs.length;
  };

  const rowsOf = (jobs: readonly DeliveryJob[], now: number) => {
    const rows = [];
    for (let start = 0; start < jobs.length; start += JOBS_PER_ROW) {
      const chunk = jobs.slice(start, start + JOBS_PER_ROW);
      rows.push({ jobs: encodeJobs(chunk, compression), jobCount: chunk.length, createdAt: now, chunk });
    }
    return rows;
  };
  // Rows encoded for a COMMIT statement they turned out too large for, kept for the `inserts` call
  // the adapter makes next with the same jobs: a large text is encoded and deflated once, not twice.
  const tooLarge = new WeakMap<readonly DeliveryJob[], ReturnType<typeof rowsOf>>();

  // Only MariaDB among MySQL servers runs a COMMIT inside an anonymous block: asked once, in the first transaction.
  let mariaDb: Promise<boolean> | undefined;
  const oneTripDialect = async (transaction: SqlRunner) => {
    if (executor.dialect !== 'mysql') return executor.dialect === 'postgres' ? 'postgres' : undefined;
    mariaDb ??= isMariaDb(transaction);
    try {
      return (await mariaDb) ? 'mariadb' : undefined;
    } catch {
      mariaDb = undefined;
      return undefined;
    }
  };

  // SQLite claims without locks: this process's batches run one after another, so a drain() during a pass cannot resend.
  let queue: Promise<unknown> = Promise.resolve();

  return {
    inserts(jobs, now) {
      const rows = tooLarge.get(jobs) ?? rowsOf(jobs, now);
      tooLarge.delete(jobs);
      return rows.map((row) => ({ sql: insertSql, params: [row.jobs, row.jobCount, row.createdAt], jobs: row.chunk }));
    },
    async commitStatement(jobs, now, transaction) {
      const dialect = await oneTripDialect(transaction);
      if (!dialect) return undefined;
      const rows = rowsOf(jobs, now);
      const sql = outboxCommitSql(dialect, table, rows);
      if (!sql) {
        tooLarge.set(jobs, rows);
        return undefined;
      }
      return { sql, jobs, failure: (err, runner, commitText) => outboxCommitFailure(dialect, { sql, jobs, table }, err, runner, commitText) };
    },
    relayBatch(limit, publish) {
      // SQLite: holding its only write lock while publishing would stop every other writer.
      if (executor.dialect === 'sqlite') {
        const batch = queue.then(() => take(executor, limit, publish));
        queue = batch.catch(() => undefined);
        return batch;
      }
      return executor.transaction((tx) => take(tx, limit, publish));
    },
    async backlog() {
      const { rows } = await executor.run(
        `SELECT COUNT(*) AS n, SUM(job_count) AS jobs, MIN(created_at) AS oldest FROM ${table} WHERE published_at IS NULL`,
        [],
      );
      const row = rows[0] ?? {};
      const waiting = Number(row.n ?? 0);
      return waiting === 0 ? { rows: 0, jobs: 0 } : { rows: waiting, jobs: Number(row.jobs ?? 0), oldestCreatedAt: Number(row.oldest) };
    },
    async purgePublished(before) {
      const where = `FROM ${table} WHERE published_at IS NOT NULL AND published_at < ?`;
      const sum = (rows: Record<string, unknown>[]) => rows.reduce((total, row) => total + Number(row.job_count), 0);
      if (executor.dialect !== 'mysql') return sum((await executor.run(`DELETE ${where} RETURNING job_count`, [before])).rows);
      return executor.transaction(async (tx) => {
        const jobs = sum((await tx.run(`SELECT job_count ${where} FOR UPDATE`, [before])).rows);
        if (jobs > 0) await tx.run(`DELETE ${where}`, [before]);
        return jobs;
      });
    },
  };
}
