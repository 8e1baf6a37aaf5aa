import { defineWebhookModels } from '@webhooks/sequelize';
import { Sequelize } from 'sequelize';

const server = { dialect: 'postgres', host: '127.0.0.1', port: 5432, username: 'postgres', logging: false } as const;

/** A fresh Postgres database with the webhook tables, for workers that share a delivery log. */
export async function createLogDatabase(): Promise<{ name: string; drop: () => Promise<void> }> {
  const name = `wh_kafka_${process.pid}_${Date.now().toString(36)}`;
  const admin = new Sequelize({ ...server, database: 'postgres' });
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.close();
  const sequelize = new Sequelize({ ...server, database: name });
  defineWebhookModels(sequelize);
  await sequelize.sync();
  await sequelize.close();
  return {
    name,
    async drop() {
      const cleanup = new Sequelize({ ...server, database: 'postgres' });
      await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await cleanup.close();
    },
  };
}
