import { createNamespace } from 'cls-hooked';
import { Sequelize } from 'sequelize';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from './databases.js';
import { openShop, type OpenShop } from './scenario.js';

// CLS is process-wide in Sequelize 6, so it gets a test file of its own.
Sequelize.useCLS(createNamespace('webhooks-test'));

describe('with Sequelize CLS', () => {
  let db: TestDatabase;
  let shop: OpenShop;
  beforeAll(async () => {
    db = await createTestDatabase('sqlite');
    shop = await openShop(db, { strict: true });
  });
  afterAll(async () => {
    await shop?.close();
    await db?.drop();
  });

  it('writes the outbox in the CLS transaction without passing it', async () => {
    await shop.sequelize.transaction(async () => {
      const order = await shop.Order.create({ reference: 'ORD-CLS', total: 1 });
      await shop.integration.dispatchModelEvent('order.paid', order);
    });
    const events = (await shop.published()).filter((e) => e.endpoint === 'all').map((e) => e.event.event);
    expect(events).toEqual(['order.created', 'order.paid']);
  });

  it('drops CLS-written events on rollback', async () => {
    await shop.sequelize
      .transaction(async () => {
        await shop.Order.create({ reference: 'ORD-CLS-RB', total: 1 });
        throw new Error('rollback');
      })
      .catch(() => {});
    expect(await shop.published()).toEqual([]);
  });
});
