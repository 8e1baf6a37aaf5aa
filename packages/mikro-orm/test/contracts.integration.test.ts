import { createMikroOrmDeliveryLog, createMikroOrmOutbox, webhookEntities, WebhookOutbox } from '@webhooks/mikro-orm';
import { describeDeliveryLeasesContract, describeDeliveryLogContract, describeOutboxContract } from '@webhooks/testing/contracts';
import { dialects, knexBased, openDatabase } from './support/databases.js';

for (const dialect of dialects) {
  describeDeliveryLogContract(`MikroORM on ${dialect}`, async () => {
    const db = await openDatabase(dialect, webhookEntities);
    return { log: createMikroOrmDeliveryLog(db.orm), close: () => db.close() };
  });

  describeDeliveryLeasesContract(`MikroORM on ${dialect}`, async () => {
    const db = await openDatabase(dialect, webhookEntities);
    let first = true;
    return {
      // One ORM (own connection pool) per log, as separate processes would have.
      createLog: async () => {
        const orm = first ? db.orm : await db.open();
        first = false;
        return createMikroOrmDeliveryLog(orm);
      },
      close: () => db.close(),
    };
  });

  describeOutboxContract(
    `MikroORM on ${dialect}`,
    async () => {
      const db = await openDatabase(dialect, webhookEntities);
      return {
        // One ORM (own connection pool) per relay, as separate processes would have.
        createStore: async () => createMikroOrmOutbox(await db.open()),
        insert: async (jobs) => {
          const em = db.orm.em.fork();
          const outbox = createMikroOrmOutbox(db.orm);
          // One row per job, as separate flushes write them at commit.
          for (const job of jobs) await em.transactional((tx) => outbox.writeAtCommit(tx, [job], tx.getTransactionContext()!));
        },
        clear: async () => void (await db.orm.em.fork().nativeDelete(WebhookOutbox, {})),
        close: () => db.close(),
      };
    },
    // Postgres text holds no NUL; MikroORM 7 inlines values into SQLite statements, which end at one.
    { concurrentRelays: dialect !== 'sqlite', textHoldsNul: dialect === 'mariadb' || (dialect === 'sqlite' && knexBased) },
  );
}
