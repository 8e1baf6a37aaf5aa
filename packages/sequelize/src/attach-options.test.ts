import { afterEach, describe, expect, it, vi } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../test/databases.js';
import { openShop, type OpenShop } from '../test/scenario.js';

let db: TestDatabase;
let shop: OpenShop;
afterEach(async () => {
  await shop?.close();
  await db?.drop();
});
const open = async (options: Parameters<typeof openShop>[1] = {}) => {
  db = await createTestDatabase('sqlite');
  shop = await openShop(db, options);
  return shop;
};

describe('attachWebhooks options', () => {
  it('refuses writes outside a transaction in strict mode, before anything is written', async () => {
    await open({ strict: true });
    await expect(shop.Order.create({ reference: 'ORD-S', total: 1 })).rejects.toMatchObject({
      code: 'invalid_argument',
      message: expect.stringContaining('Order was written outside a transaction'),
    });
    await expect(shop.Order.update({ status: 'X' }, { where: {} })).rejects.toMatchObject({ code: 'invalid_argument' });
    expect(await shop.Order.count()).toBe(0);
    await shop.sequelize.transaction((transaction) => shop.Order.create({ reference: 'ORD-S', total: 1 }, { transaction }));
    expect(await shop.published()).toHaveLength(2);
  });

  it('lets unwatched models write freely in strict mode', async () => {
    await open({ strict: true });
    await shop.sequelize.models.WebhookDelivery!.count();
    await expect(shop.AuditEntry.create({ text: 'no transaction needed' })).resolves.toBeDefined();
  });

  it('warns instead of emitting per row when bulk is ignore', async () => {
    const warnings: string[] = [];
    await open({ bulk: 'ignore', onWarning: (m) => warnings.push(m) });
    await shop.sequelize.transaction((transaction) => shop.Order.create({ reference: 'ORD-I', total: 1 }, { transaction }));
    await shop.published();
    await shop.sequelize.transaction((transaction) => shop.Order.update({ status: 'X' }, { where: {}, transaction }));
    expect(await shop.published()).toEqual([]);
    expect(warnings).toEqual(["bulk write on Order emits no webhook events (bulk: 'ignore')"]);
  });

  it('stops emitting after detach', async () => {
    await open();
    await shop.integration.detach();
    await shop.sequelize.transaction((transaction) => shop.Order.create({ reference: 'ORD-D', total: 1 }, { transaction }));
    expect(await shop.published()).toEqual([]);
  });

  it('wakes the relay after commit, not before', async () => {
    await open({ relay: { pollIntervalMs: 60_000 } });
    const wake = vi.spyOn(shop.integration.relay!, 'wake');
    await shop.sequelize.transaction(async (transaction) => {
      await shop.Order.create({ reference: 'ORD-W1', total: 1 }, { transaction });
      await shop.Order.create({ reference: 'ORD-W2', total: 1 }, { transaction });
      expect(wake).not.toHaveBeenCalled();
    });
    expect(wake).toHaveBeenCalledTimes(1);
  });
});
