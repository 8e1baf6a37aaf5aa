import { IsolationLevel, LockMode, type EntityManager, type MikroORM } from '@mikro-orm/core';
import type { DeliveryJob, OutboxStore } from '@webhooks/core';
import { dialectOf } from './dialect.js';
import { WebhookOutbox } from './entities.js';
import { decodeJobs } from './outbox-jobs.js';

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
 * The outbox as a relay sees it, over `webhook_outbox`. A row holds all the
 * jobs of one write and is claimed whole: a pass takes rows oldest first until
 * it has `limit` jobs, and always at least one row, so a row of more than
 * `limit` jobs is published in one pass. Each call works on its own forked
 * EntityManager, so the application's identity map is never touched.
 *
 * @example
 * const relay = createRelay({ store: createMikroOrmOutbox(orm), publish: (jobs) => webhooks.publish(jobs) });
 */
export function createMikroOrmOutbox(orm: MikroORM, options: MikroOrmOutboxOptions = {}): OutboxStore {
  const claim = options.claim ?? (dialectOf(orm.em.getPlatform()) === 'sqlite' ? 'single' : 'skip-locked');

  const take = async (em: EntityManager, limit: number, publish: (jobs: DeliveryJob[]) => Promise<void>) => {
    // Each row holds at least one job, so `limit` rows always cover `limit` jobs; only their counts are read here.
    const candidates = await em.find(
      WebhookOutbox,
      { publishedAt: null },
      {
        fields: ['id', 'jobCount'],
        orderBy: { id: 'asc' },
        limit,
        disableIdentityMap: true,
        ...(claim === 'skip-locked' ? { lockMode: LockMode.PESSIMISTIC_PARTIAL_WRITE } : {}),
      },
    );
    const ids: (string | number)[] = [];
    for (let count = 0; ids.length < candidates.length && (ids.length === 0 || count < limit); ) {
      const row = candidates[ids.length]!;
      ids.push(row.id);
      count += row.jobCount;
    }
    if (ids.length === 0) return 0;
    const rows = await em.find(WebhookOutbox, { id: { $in: ids } }, { fields: ['id', 'jobs'], orderBy: { id: 'asc' }, disableIdentityMap: true });
    const jobs = rows.flatMap((row) => decodeJobs(row.jobs));
    await publish(jobs);
    await em.nativeUpdate(WebhookOutbox, { id: { $in: ids }, publishedAt: null }, { publishedAt: new Date() });
    return jobs.length;
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
      // Counts the jobs of the rows it deletes, in the same transaction.
      return orm.em.fork().transactional(async (tx) => {
        const where = { publishedAt: { $ne: null, $lt: new Date(before) } };
        const rows = await tx.find(WebhookOutbox, where, { fields: ['id', 'jobCount'], disableIdentityMap: true });
        if (rows.length === 0) return 0;
        await tx.nativeDelete(WebhookOutbox, where);
        return rows.reduce((sum, row) => sum + row.jobCount, 0);
      });
    },
  };
}
