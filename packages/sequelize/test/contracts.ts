import { describeDeliveryLeasesContract, describeDeliveryLogContract, describeOutboxContract } from '@webhooks/testing/contracts';
import type { Sequelize } from 'sequelize';
import { createSequelizeDeliveryLog, createSequelizeOutbox, defineWebhookModels } from '../src/index.js';
import { createTestDatabase, type Dialect } from './databases.js';

/** Runs both store contract suites against one dialect. */
export function describeSequelizeContracts(dialect: Dialect): void {
  describeDeliveryLogContract(`sequelize ${dialect}`, async () => {
    const db = await createTestDatabase(dialect);
    const sequelize = db.connect();
    defineWebhookModels(sequelize);
    await sequelize.sync();
    return {
      log: createSequelizeDeliveryLog(sequelize),
      close: async () => {
        await sequelize.close();
        await db.drop();
      },
    };
  });

  describeDeliveryLeasesContract(`sequelize ${dialect}`, async () => {
    const db = await createTestDatabase(dialect);
    const connections: Sequelize[] = [];
    const connect = async () => {
      const sequelize = db.connect();
      connections.push(sequelize);
      defineWebhookModels(sequelize);
      if (connections.length === 1) await sequelize.sync();
      return sequelize;
    };
    return {
      // One Sequelize instance (own connections) per log, as separate processes would have.
      createLog: async () => createSequelizeDeliveryLog(await connect()),
      close: async () => {
        for (const c of connections) await c.close();
        await db.drop();
      },
    };
  });

  describeOutboxContract(
    `sequelize ${dialect}`,
    async () => {
      const db = await createTestDatabase(dialect);
      const connections: Sequelize[] = [];
      const connect = async () => {
        const sequelize = db.connect();
        connections.push(sequelize);
        defineWebhookModels(sequelize);
        return sequelize;
      };
      const main = await connect();
      await main.sync();
      const outbox = createSequelizeOutbox(main);
      return {
        createStore: async () => createSequelizeOutbox(await connect()),
        // One row per job, as separate transactions write them at commit.
        insert: async (jobs) => {
          for (const job of jobs) {
            const t = await main.transaction();
            await outbox.writeAndCommit([job], t, { commit: () => t.commit(), rollback: () => t.rollback() });
          }
        },
        clear: async () => {
          await defineWebhookModels(main).Outbox.destroy({ where: {}, truncate: dialect !== 'sqlite' });
        },
        close: async () => {
          for (const c of connections) await c.close();
          await db.drop();
        },
      };
    },
    { concurrentRelays: dialect !== 'sqlite', textHoldsNul: dialect !== 'postgres' },
  );
}
