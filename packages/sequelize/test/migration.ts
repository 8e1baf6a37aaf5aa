import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSequelizeDeliveryLog, defineWebhookModels, webhookTablesMigration } from '../src/index.js';
import { createTestDatabase, type Dialect, type TestDatabase } from './databases.js';

/** The exported migration builds the tables sync would, and removes them. */
export function describeMigration(dialect: Dialect): void {
  describe(`webhookTablesMigration on ${dialect}`, () => {
    let db: TestDatabase;
    beforeAll(async () => {
      db = await createTestDatabase(dialect);
    });
    afterAll(() => db?.drop());

    it('creates tables and indexes usable by the adapter, and drops them', async () => {
      const sequelize = db.connect();
      const qi = sequelize.getQueryInterface();
      const migration = webhookTablesMigration({ tablePrefix: 'mig_' });
      await migration.up(qi);
      const columns = Object.keys(await qi.describeTable('mig_attempts')).sort();
      expect(columns).toEqual(
        ['attempt', 'delivery_id', 'duration_ms', 'error', 'id', 'next_retry_at', 'outcome', 'reason', 'response_body', 'source', 'started_at', 'status'],
      );
      const indexes = (await qi.showIndex('mig_outbox')) as { name: string }[];
      expect(indexes.map((i) => i.name)).toContain('mig_outbox_unpublished');
      defineWebhookModels(sequelize, { tablePrefix: 'mig_' });
      const log = createSequelizeDeliveryLog(sequelize, { tablePrefix: 'mig_' });
      const job = { deliveryId: 'dlv_MIG', eventId: 'evt_MIG', eventName: 'a.b', endpoint: 'e', body: '{}', attempt: 1, key: 'k', createdAt: 1 };
      await log.record({ job, state: 'pending', at: 2 });
      expect((await log.get('dlv_MIG'))!.state).toBe('pending');
      await migration.down(qi);
      const tables = (await qi.showAllTables()).map(String);
      expect(tables.filter((t) => t.startsWith('mig_'))).toEqual([]);
      await sequelize.close();
    });
  });
}
