import { IsolationLevel, LockMode, type EntityManager, type MikroORM } from '@mikro-orm/core';
import type { DeliveryJob, OutboxStore } from '@webhooks/core';
import { dialectOf } from './dialect.js';
import { WebhookOutbox } from './entities.js';
import { rowToJob } from './row-to-job.js';

/** Options of `createMikroOrmOutbox`. */
export interface MikroOrmOutboxOptions {
  /**
   * How relays claim rows. `'skip-locked'`: in a transaction, with
   * `FOR UPDATE SKIP LOCKED`, so any number of relays can run (Postgres,
   * MySQL 8, MariaDB 10.6+). `'single'`: no row locks and no transaction held
   * while publishing; run one relay process (SQLite). Default: `'single'` on SQLite,
   * `'skip-locked'` elsewhere.
   */
  claim?: 'skip-locked' | 'single';
}

/**
 * The outbox as a relay sees it, over `webhook_outbox`. Each call works on its
 * own forked EntityManager, so the application's identity map is never touched.
 *
 * @example
 * const relay = createRelay({ store: createMikroOrmOutbox(orm), publish: (jobs) => webhooks.publish(jobs) });
 */
export function createMikroOrmOutbox(orm: MikroORM, options: MikroOrmOutboxOptions = {}): OutboxStore {
  const claim = options.claim ?? (dialectOf(orm.em.getPlatform()) === 'sqlite' ? 'single' : 'skip-locked');

  const take = async (em: EntityManager, limit: number, publish: (jobs: DeliveryJob[]) => Promise<void>) => {
    const rows = await em.find(
      WebhookOutbox,
      { publishedAt: null },
      {
        orderBy: { id: 'asc' },
        limit,
        disableIdentityMap: true,
        ...(claim === 'skip-locked' ? { lockMode: LockMode.PESSIMISTIC_PARTIAL_WRITE } : {}),
      },
    );
    if (rows.length === 0) return 0;
    await publish(rows.map(rowToJob));
    const ids = rows.map((row) => row.id);
    await em.nativeUpdate(WebhookOutbox, { id: { $in: ids }, publishedAt: null }, { publishedAt: new Date() });
    return rows.length;
  };

  // In 'single' mode batches of this store run one after another, so a drain() during a pass cannot resend.
  let queue: Promise<unknown> = Promise.resolve();

  return {
    relayBatch(limit, publish) {
      const em = orm.em.fork();
      if (claim === 'single') {
        const batch = queue.then(() => take(em, limit, publish));
        queue = batch.catch(() => undefined);
        return batch;
      }
      // The row locks last until commit: publish inside, mark published, commit. Read committed,
      // because MySQL's default (repeatable read) adds gap locks that deadlock concurrent relays.
      return em.transactional((tx) => take(tx, limit, publish), { isolationLevel: IsolationLevel.READ_COMMITTED });
    },
    purgePublished(before) {
      return orm.em.fork().nativeDelete(WebhookOutbox, { publishedAt: { $ne: null, $lt: new Date(before) } });
    },
  };
}
