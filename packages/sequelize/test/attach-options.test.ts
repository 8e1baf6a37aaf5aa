import { afterEach, describe, expect, it, vi } from 'vitest';
import { createTestDatabase, type TestDatabase } from './databases.js';
import { createFetchSender, createWebhooks } from '@webhooks/core';
import { openShop, shopConfig, type OpenShop } from './scenario.js';
import { attachWebhooks, createSequelizeDeliveryLog, defineWebhookModels } from '../src/index.js';

let db: TestDatabase;
let shop: OpenShop | undefined;
afterEach(async () => {
  await shop?.close();
  shop = undefined;
  await db?.drop();
});
const open = async (options: Parameters<typeof openShop>[1] = {}) => {
  db = await createTestDatabase('sqlite');
  const opened = await openShop(db, options);
  shop = opened;
  return opened;
};

describe('attachWebhooks options', () => {
  it('refuses writes outside a transaction in strict mode, before anything is written', async () => {
    const shop = await open({ strict: true });
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
    const shop = await open({ strict: true });
    await shop.sequelize.models.WebhookDelivery!.count();
    await expect(shop.AuditEntry.create({ text: 'no transaction needed' })).resolves.toBeDefined();
  });

  it('warns instead of emitting per row when bulk is ignore', async () => {
    const warnings: string[] = [];
    const shop = await open({ bulk: 'ignore', onWarning: (m) => warnings.push(m) });
    await shop.sequelize.transaction((transaction) => shop.Order.create({ reference: 'ORD-I', total: 1 }, { transaction }));
    await shop.published();
    await shop.sequelize.transaction((transaction) => shop.Order.update({ status: 'X' }, { where: {}, transaction }));
    expect(await shop.published()).toEqual([]);
    expect(warnings).toEqual(["bulk write on Order emits no webhook events (bulk: 'ignore')"]);
  });

  it('stops emitting after detach', async () => {
    const shop = await open();
    await shop.integration.detach();
    await shop.sequelize.transaction((transaction) => shop.Order.create({ reference: 'ORD-D', total: 1 }, { transaction }));
    expect(await shop.published()).toEqual([]);
  });

  it('wakes the relay after commit, not before', async () => {
    const shop = await open({ relay: { pollIntervalMs: 60_000 } });
    const wake = vi.spyOn(shop.integration.relay!, 'wake');
    await shop.sequelize.transaction(async (transaction) => {
      await shop.Order.create({ reference: 'ORD-W1', total: 1 }, { transaction });
      await shop.Order.create({ reference: 'ORD-W2', total: 1 }, { transaction });
      expect(wake).not.toHaveBeenCalled();
    });
    expect(wake).toHaveBeenCalledTimes(1);
  });

  it('leaves SQLite connections alone with sqlite: false, even when the delivery log was created first', async () => {
    db = await createTestDatabase('sqlite');
    const statements: string[] = [];
    const sequelize = db.connect({ logging: (sql: string) => statements.push(sql) });
    defineWebhookModels(sequelize);
    const deliveryLog = createSequelizeDeliveryLog(sequelize);
    const webhooks = createWebhooks(shopConfig, { sender: createFetchSender(), deliveryLog });
    const integration = attachWebhooks(sequelize, webhooks, { appLabel: 'store', relay: false, sqlite: false });
    await sequelize.transaction(async () => undefined);
    await integration.detach();
    await sequelize.close();
    expect(statements.filter((sql) => /BEGIN/.test(sql))).toEqual([expect.stringContaining('BEGIN DEFERRED TRANSACTION')]);
  });

  it('begins application transactions IMMEDIATE by default, so they never fail on the webhook store’s writes', async () => {
    db = await createTestDatabase('sqlite');
    const statements: string[] = [];
    const sequelize = db.connect({ logging: (sql: string) => statements.push(sql) });
    const webhooks = createWebhooks(shopConfig, { sender: createFetchSender() });
    const integration = attachWebhooks(sequelize, webhooks, { appLabel: 'store', relay: false });
    await sequelize.transaction(async () => undefined);
    await integration.detach();
    await sequelize.close();
    expect(statements.filter((sql) => /BEGIN/.test(sql))).toEqual([expect.stringContaining('BEGIN IMMEDIATE TRANSACTION')]);
  });
});
