import type { EntityManager, MikroORM, Transaction } from '@mikro-orm/core';
import { outboxWriteError, type DeliveryJob } from '@webhooks/core';
import { createSqlOutbox, type OutboxCommit, type SqlOutbox, type SqlRunner } from '@webhooks/core/sql';
import { execute, mikroOrmExecutor, runnerOf, type KnexConnection } from './mikro-orm-executor.js';

/** The outbox of a MikroORM database: the shared store, plus writing in the application's transaction. */
export interface MikroOrmOutbox extends SqlOutbox {
  /** Inserts jobs through `em`'s connection, in `ctx` when given; the identity map is untouched. */
  write(em: EntityManager, jobs: readonly DeliveryJob[], ctx?: Transaction): Promise<void>;
  /**
   * Like `write`, for the last write before `ctx` commits: on MikroORM 6 over Postgres or
   * MariaDB the insert goes with the transaction's COMMIT, in one round trip. If it fails,
   * the transaction rolls back and the commit fails with `WebhookOutboxError`.
   */
  writeAtCommit(em: EntityManager, jobs: readonly DeliveryJob[], ctx: Transaction): Promise<void>;
  /**
   * After `ctx` committed: the jobs `writeAtCommit` gave it if its COMMIT never carried them
   * (a knex that spells its COMMIT otherwise), for the caller to write on their own, late but not lost.
   */
  takeUnsent(ctx: Transaction): readonly DeliveryJob[] | undefined;
}

/** Knex's client of one transaction (MikroORM 6): each of its statements, COMMIT too, goes through `query`. */
interface TransactionClient {
  query(connection: unknown, sql: unknown): Promise<unknown>;
}

/**
 * The transactional outbox over `webhook_outbox` (see `createSqlOutbox` in
 * `@webhooks/core/sql`): one row per write, claimed with `FOR UPDATE SKIP LOCKED` on
 * Postgres, MySQL and MariaDB so any number of relays can run. Every call works outside
 * the application's identity map.
 *
 * @example
 * const relay = createRelay({ store: createMikroOrmOutbox(orm), publish: (jobs) => webhooks.publish(jobs) });
 */
export function createMikroOrmOutbox(orm: MikroORM, { oneTripCommit = true }: { oneTripCommit?: boolean } = {}): MikroOrmOutbox {
  const executor = mikroOrmExecutor(orm);
  const outbox = createSqlOutbox(executor);
  const table = executor.table('outbox');
  return {
    ...outbox,
    async writeAtCommit(em, jobs, ctx) {
      const connection = em.getConnection() as unknown as KnexConnection;
      // Only a knex transaction (MikroORM 6) sends its COMMIT through `client.query`: anything else writes now.
      const client = oneTripCommit && typeof connection.getKnex === 'function' ? (ctx as { client?: TransactionClient }).client : undefined;
      const statement =
        client && Object.hasOwn(client, 'query') && !waiting.has(client) && jobs.length > 0
          ? await outbox.commitStatement(jobs, Date.now(), runnerOf(em, ctx))
          : undefined;
      if (!client || !statement) return this.write(em, jobs, ctx);
      sendWithCommit(client, statement, connection);
    },
    takeUnsent(ctx) {
      const client = (ctx as { client?: TransactionClient }).client;
      const unsent = client && waiting.get(client);
      if (!client || !unsent) return undefined;
      waiting.delete(client);
      unsent.disarm();
      return unsent.jobs;
    },
    async write(em, jobs, ctx) {
      for (const insert of outbox.inserts(jobs, Date.now())) {
        try {
          await execute(em, insert.sql, insert.params, ctx);
        } catch (err) {
          throw outboxWriteError(err, { jobs: insert.jobs, table });
        }
      }
    },
  };
}

const BARE_COMMIT = /^\s*commit\s*;?\s*$/i;

// Transactions whose COMMIT is to carry an insert and has not gone out yet, with its jobs and how
// to put `query` back. A second write in such a transaction goes in on its own.
const waiting = new WeakMap<TransactionClient, { jobs: readonly DeliveryJob[]; disarm(): void }>();

/**
 * Makes the transaction's COMMIT carry the outbox insert. Knex rejects the commit with
 * what `query` throws and releases the connection after; a failed insert leaves the
 * transaction open, so it is rolled back here first, past knex's check that the
 * transaction is over (it is, to knex, from the moment COMMIT was asked for).
 */
function sendWithCommit(client: TransactionClient, statement: OutboxCommit, connection: KnexConnection): void {
  const query = client.query;
  const unchecked = (Object.getPrototypeOf(client) as TransactionClient).query;
  waiting.set(client, { jobs: statement.jobs, disarm: () => (client.query = query) });
  client.query = function queryWithOutbox(this: TransactionClient, conn, sql) {
    // Knex sends `COMMIT;` for Postgres and MySQL-family servers; any spelling of a bare COMMIT counts.
    if (typeof sql !== 'string' || !BARE_COMMIT.test(sql)) return query.call(this, conn, sql);
    client.query = query;
    waiting.delete(client);
    return query.call(this, conn, statement.sql).catch(async (err: unknown) => {
      // Knex's client hands back the query with the driver's response on it, as `raw()` would return it.
      const run = async (text: string) => ((await unchecked.call(client, conn, { sql: text, method: 'raw' })) as { response: unknown }).response;
      const runner: SqlRunner = { run: async (text) => ({ rows: connection.transformRawResult(await run(text), 'all') as Record<string, unknown>[], affected: 0 }) };
      const { step, error } = await statement.failure(err, runner, 'COMMIT;');
      if (step === 'insert') await run('ROLLBACK').catch(() => {});
      throw error;
    });
  };
}
