import type { EntityManager, MikroORM, Transaction } from '@mikro-orm/core';
import { outboxWriteError, type DeliveryJob } from '@webhooks/core';
import { createSqlOutbox, type SqlOutbox } from '@webhooks/core/sql';
import { execute, mikroOrmExecutor } from './mikro-orm-executor.js';

/** The outbox of a MikroORM database: the shared store, plus writing in the application's transaction. */
export interface MikroOrmOutbox extends SqlOutbox {
  /** Inserts jobs through `em`'s connection, in `ctx` when given; the identity map is untouched. */
  write(em: EntityManager, jobs: readonly DeliveryJob[], ctx?: Transaction): Promise<void>;
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
export function createMikroOrmOutbox(orm: MikroORM): MikroOrmOutbox {
  const executor = mikroOrmExecutor(orm);
  const outbox = createSqlOutbox(executor);
  const table = executor.table('outbox');
  return {
    ...outbox,
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
